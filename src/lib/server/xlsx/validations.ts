// Range data validations (drop-downs). exceljs 4.4 has worksheet.dataValidations
// at runtime (one entry per range written; read back, one per cell) but its
// type declarations leave it out.
import type ExcelJS from 'exceljs';

interface DataValidations {
	add(range: string, validation: ExcelJS.DataValidation): void;
	find(address: string): ExcelJS.DataValidation | undefined;
}

export function dataValidations(ws: ExcelJS.Worksheet): DataValidations {
	return (ws as unknown as { dataValidations: DataValidations }).dataValidations;
}
