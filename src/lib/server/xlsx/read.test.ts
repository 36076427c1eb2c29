import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { firstSheetRows, numberAsShown } from './read.ts';

describe('numberAsShown', () => {
	it('shows whole numbers as their zero-padding format does', () => {
		expect(numberAsShown(32068, '000000')).toBe('032068');
		expect(numberAsShown(32068, undefined)).toBe('32068');
		expect(numberAsShown(32068, 'General')).toBe('32068');
		expect(numberAsShown(32068, '0')).toBe('32068');
		expect(numberAsShown(32068, '@')).toBe('32068');
		expect(numberAsShown(1234567, '000000')).toBe('1234567');
		expect(numberAsShown(42, '"E"0000')).toBe('E0042');
		expect(numberAsShown(42, '\\E0000')).toBe('E0042');
		expect(numberAsShown(42, '000000;[Red]-000000')).toBe('000042');
	});

	it('gives up (null) where the shown text cannot be known exactly', () => {
		expect(numberAsShown(1.5, '000000')).toBeNull();
		expect(numberAsShown(110101199001011230, undefined)).toBeNull(); // an 18-digit ID number, already rounded
		expect(numberAsShown(13800000000, '0.00E+00')).toBeNull();
		expect(numberAsShown(32068, '#,##0')).toBeNull();
		expect(numberAsShown(45000, 'yyyy-mm-dd')).toBeNull();
	});
});

describe('firstSheetRows', () => {
	it('reads numbers stored with a number format (as Excel saves 032068) as displayed', async () => {
		const wb = new ExcelJS.Workbook();
		const ws = wb.addWorksheet('a');
		ws.getCell('A1').value = 32068;
		ws.getCell('A1').numFmt = '000000';
		ws.getCell('B1').value = 7;
		ws.getCell('C1').value = 1.1e17;
		const rows = await firstSheetRows(new Uint8Array(await wb.xlsx.writeBuffer()));
		expect(rows).toEqual([{ row: 1, cells: ['032068', '7', '110000000000000000'], inexact: [2] }]);
	});
});
