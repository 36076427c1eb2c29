// Reads an uploaded bank (.xlsx only) into header-resolved raw rows. Uses
// exceljs's normal reader, as the roster import does (the streaming reader
// garbles multi-byte characters at chunk boundaries, exceljs #2063).
import ExcelJS from 'exceljs';
import { cellText } from '../../org/roster-import/read.ts';
import { COLUMNS, HEADERS, resolveHeader } from './columns.ts';

export const MAX_FILE_BYTES = 10 * 1024 * 1024;
export const MAX_ROWS = 2000;
const HEADER_SEARCH_ROWS = 5;

export type FileErrorCode = 'unsupported_type' | 'file_too_large' | 'empty_file' | 'unreadable' | 'missing_header' | 'too_many_rows';
export interface FileError {
	code: FileErrorCode;
	params: Record<string, string | number>;
}

export interface RawRow {
	/** Row number as the spreadsheet shows it (header = row 1). */
	row: number;
	/** Cell texts in COLUMNS order ('' for absent columns). */
	values: string[];
}

export type ReadResult = { ok: true; rows: RawRow[] } | { ok: false; error: FileError };

const fail = (code: FileErrorCode, params: FileError['params'] = {}): ReadResult => ({ ok: false, error: { code, params } });

/** xlsx is a zip ("PK\x03\x04"); .xls, .csv and anything else are refused with a clear message. */
export function isXlsx(fileName: string, bytes: Uint8Array): boolean {
	const zip = bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
	return /\.xlsx$/i.test(fileName) && zip;
}

export async function readBank(bytes: Uint8Array, fileName: string): Promise<ReadResult> {
	if (bytes.length > MAX_FILE_BYTES) return fail('file_too_large', { maxMb: MAX_FILE_BYTES / 1024 / 1024 });
	if (bytes.length === 0) return fail('empty_file');
	if (!isXlsx(fileName, bytes)) return fail('unsupported_type');
	let table: { row: number; cells: string[] }[];
	try {
		table = await xlsxTable(bytes);
	} catch {
		return fail('unreadable');
	}
	const nonEmpty = table.filter((r) => r.cells.some((c) => c.trim() !== ''));
	if (nonEmpty.length === 0) return fail('empty_file');
	// Some platforms' templates put a title or instructions above the header row: look a few rows down.
	const at = nonEmpty.slice(0, HEADER_SEARCH_ROWS).findIndex((r) => resolveHeader(r.cells).ok);
	const resolved = resolveHeader(nonEmpty[Math.max(at, 0)].cells);
	if (!resolved.ok) return fail('missing_header', { columns: resolved.missing.map((c) => HEADERS[c]).join('、') });
	const data = nonEmpty.slice(at + 1);
	if (data.length === 0) return fail('empty_file');
	if (data.length > MAX_ROWS) return fail('too_many_rows', { max: MAX_ROWS, rows: data.length });
	const positions = COLUMNS.map((c) => resolved.index[c]);
	return {
		ok: true,
		rows: data.map((r) => ({ row: r.row, values: positions.map((i) => (i === undefined ? '' : (r.cells[i] ?? ''))) }))
	};
}

/** The first sheet's rows; cells untrimmed (validation trims, keeping inner newlines). */
async function xlsxTable(bytes: Uint8Array) {
	const wb = new ExcelJS.Workbook();
	await wb.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ArrayBuffer);
	const ws = wb.worksheets[0];
	const out: { row: number; cells: string[] }[] = [];
	if (!ws) return out;
	ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
		const values = row.values as unknown[]; // 1-based, sparse
		const cells: string[] = [];
		for (let i = 1; i < values.length; i++) cells.push(cellText(values[i]));
		out.push({ row: rowNumber, cells });
	});
	return out;
}
