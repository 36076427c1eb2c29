// Reads an uploaded roster (.xlsx or .csv) into header-resolved raw rows.
import { parse } from 'csv-parse/sync';
import { firstSheetRows, isZip } from '../../xlsx/read.ts';
import { COLUMNS, TEMPLATE_HEADERS, resolveHeader, type ColumnKey } from './columns.ts';
import { decodeCsv } from './decode.ts';
import { MAX_FILE_BYTES, MAX_ROWS, type FileError } from './errors.ts';

export interface RawRow {
	/** Row number as the spreadsheet shows it (header = row 1). */
	row: number;
	/** Trimmed cell texts in COLUMNS order ('' for absent columns). */
	values: string[];
	/** identifier columns whose cell is a number Excel shows differently from any text we can derive */
	inexact?: ColumnKey[];
	/** the 岗位专业性强/难调岗位 cell, only when the file has that column */
	specialised?: string;
}

/** Columns that hold identifiers: their cells must be read as the sheet shows them, zeros and all. */
export const IDENTIFIER_COLUMNS: readonly ColumnKey[] = ['employee_no', 'phone'];

export type ReadResult =
	{ ok: true; rows: RawRow[]; format: 'xlsx' | 'csv' } | { ok: false; errors: FileError[] };

export type FileKind = 'xlsx' | 'csv' | null;

/** By name and content: xlsx is a zip ("PK\x03\x04"); .xls and others are refused. */
export function fileKind(fileName: string, bytes: Uint8Array): FileKind {
	const ext = fileName.toLowerCase().match(/\.([a-z0-9]+)$/)?.[1] ?? '';
	const zip = isZip(bytes);
	if (ext === 'xlsx') return zip ? 'xlsx' : null;
	if (ext === 'csv' || ext === 'txt') return zip ? null : 'csv';
	return null;
}

export async function readRoster(bytes: Uint8Array, fileName: string): Promise<ReadResult> {
	if (bytes.length > MAX_FILE_BYTES)
		return fail('file_too_large', { maxMb: MAX_FILE_BYTES / 1024 / 1024 });
	if (bytes.length === 0) return fail('empty_file');
	const kind = fileKind(fileName, bytes);
	if (!kind) return fail('unsupported_type');
	let table: { row: number; cells: string[]; inexact?: number[] }[];
	try {
		table = kind === 'xlsx' ? await xlsxTable(bytes) : csvTable(bytes);
	} catch {
		return fail('unreadable');
	}
	const nonEmpty = table.filter((r) => r.cells.some((c) => c !== ''));
	if (nonEmpty.length === 0) return fail('empty_file');
	const [header, ...data] = nonEmpty;
	const resolved = resolveHeader(header.cells);
	if (!resolved.ok) {
		return fail('missing_header', {
			columns: resolved.missing.map((c) => TEMPLATE_HEADERS[c]).join(', ')
		});
	}
	if (data.length === 0) return fail('empty_file');
	if (data.length > MAX_ROWS) return fail('too_many_rows', { max: MAX_ROWS, rows: data.length });
	const positions = COLUMNS.map((c: ColumnKey) => resolved.index[c]);
	const rows = data.map((r): RawRow => {
		const values = positions.map((i) => (i === undefined ? '' : (r.cells[i] ?? '')));
		const inexact = IDENTIFIER_COLUMNS.filter((c) => {
			const i = resolved.index[c];
			return i !== undefined && r.inexact?.includes(i);
		});
		const out: RawRow = inexact.length ? { row: r.row, values, inexact } : { row: r.row, values };
		const flagAt = resolved.flags.specialised_post;
		if (flagAt !== undefined) out.specialised = r.cells[flagAt] ?? '';
		return out;
	});
	return { ok: true, rows, format: kind };
}

function fail(code: FileError['code'], params: FileError['params'] = {}): ReadResult {
	return { ok: false, errors: [{ code, params }] };
}

function csvTable(bytes: Uint8Array) {
	const { text } = decodeCsv(bytes);
	const firstLine = text.slice(0, text.search(/\r?\n|$/));
	const delimiter = firstLine.includes('\t') && !firstLine.includes(',') ? '\t' : ',';
	const records: string[][] = parse(text, {
		delimiter,
		relax_column_count: true,
		skip_empty_lines: false
	});
	return records.map((cells, i) => ({ row: i + 1, cells: cells.map((c) => c.trim()) }));
}

async function xlsxTable(bytes: Uint8Array) {
	return (await firstSheetRows(bytes)).map((r) => ({
		row: r.row,
		cells: r.cells.map((c) => c.trim()),
		inexact: r.inexact
	}));
}
