// Reads an uploaded bank (.xlsx only) into header-resolved raw rows.
import * as limits from '../../../api/limits.ts';
import { firstSheetRows, isZip } from '../../xlsx/read.ts';
import { COLUMNS, HEADERS, resolveHeader } from './columns.ts';

export const MAX_FILE_BYTES = limits.files.questionBank;
export const MAX_ROWS = 2000;
const HEADER_SEARCH_ROWS = 5;

export type FileErrorCode =
	| 'unsupported_type'
	| 'file_too_large'
	| 'empty_file'
	| 'unreadable'
	| 'missing_header'
	| 'too_many_rows';
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

const fail = (code: FileErrorCode, params: FileError['params'] = {}): ReadResult => ({
	ok: false,
	error: { code, params }
});

/** xlsx is a zip ("PK\x03\x04"); .xls, .csv and anything else are refused with a clear message. */
export function isXlsx(fileName: string, bytes: Uint8Array): boolean {
	return /\.xlsx$/i.test(fileName) && isZip(bytes);
}

export async function readBank(bytes: Uint8Array, fileName: string): Promise<ReadResult> {
	if (bytes.length > MAX_FILE_BYTES)
		return fail('file_too_large', { maxMb: MAX_FILE_BYTES / 1024 / 1024 });
	if (bytes.length === 0) return fail('empty_file');
	if (!isXlsx(fileName, bytes)) return fail('unsupported_type');
	let table: { row: number; cells: string[] }[];
	try {
		// Cells untrimmed: validation trims, keeping inner newlines.
		table = await firstSheetRows(bytes);
	} catch {
		return fail('unreadable');
	}
	const nonEmpty = table.filter((r) => r.cells.some((c) => c.trim() !== ''));
	if (nonEmpty.length === 0) return fail('empty_file');
	// Some platforms' templates put a title or instructions above the header row: look a few rows down.
	const at = nonEmpty.slice(0, HEADER_SEARCH_ROWS).findIndex((r) => resolveHeader(r.cells).ok);
	const resolved = resolveHeader(nonEmpty[Math.max(at, 0)].cells);
	if (!resolved.ok)
		return fail('missing_header', { columns: resolved.missing.map((c) => HEADERS[c]).join('、') });
	const data = nonEmpty.slice(at + 1);
	if (data.length === 0) return fail('empty_file');
	if (data.length > MAX_ROWS) return fail('too_many_rows', { max: MAX_ROWS, rows: data.length });
	const positions = COLUMNS.map((c) => resolved.index[c]);
	return {
		ok: true,
		rows: data.map((r) => ({
			row: r.row,
			values: positions.map((i) => (i === undefined ? '' : (r.cells[i] ?? '')))
		}))
	};
}
