// Reads the uploaded .xlsx into header-resolved rows (cell texts in COLUMNS
// order). File problems use the roster import's codes and messages.
import { firstSheetRows, isZip } from '../../xlsx/read.ts';
import type { FileError } from '../../org/roster-import/errors.ts';
import { ledger as limits } from '../../../api/limits.ts';
import { COLUMNS, TEMPLATE_HEADERS, resolveHeader } from './columns.ts';

export interface RawRow {
	/** row number as the spreadsheet shows it (header = row 1) */
	row: number;
	values: Record<(typeof COLUMNS)[number], string>;
	/** the 工号 cell is a number whose shown text cannot be known */
	inexactEmployeeNo: boolean;
}

export type ReadResult = { ok: true; rows: RawRow[] } | { ok: false; errors: FileError[] };

const fail = (code: FileError['code'], params: FileError['params'] = {}): ReadResult => ({
	ok: false,
	errors: [{ code, params }]
});

export async function readRecords(bytes: Uint8Array, fileName: string): Promise<ReadResult> {
	if (bytes.length > limits.importFile)
		return fail('file_too_large', { maxMb: limits.importFile / 1024 / 1024 });
	if (bytes.length === 0) return fail('empty_file');
	if (!/\.xlsx$/i.test(fileName) || !isZip(bytes)) return fail('unsupported_type');
	let table: Awaited<ReturnType<typeof firstSheetRows>>;
	try {
		table = await firstSheetRows(bytes);
	} catch {
		return fail('unreadable');
	}
	const nonEmpty = table.filter((r) => r.cells.some((c) => c.trim() !== ''));
	if (nonEmpty.length === 0) return fail('empty_file');
	const [header, ...data] = nonEmpty;
	const resolved = resolveHeader(header.cells);
	if (!resolved.ok)
		return fail('missing_header', {
			columns: resolved.missing.map((c) => TEMPLATE_HEADERS[c]).join(', ')
		});
	if (data.length === 0) return fail('empty_file');
	if (data.length > limits.importRows)
		return fail('too_many_rows', { max: limits.importRows, rows: data.length });
	const { index } = resolved;
	const rows = data.map((r): RawRow => {
		const values = Object.fromEntries(
			COLUMNS.map((c) => {
				const i = index[c];
				return [c, i === undefined ? '' : (r.cells[i] ?? '').trim()];
			})
		) as RawRow['values'];
		const i = index.employee_no!;
		return { row: r.row, values, inexactEmployeeNo: r.inexact.includes(i) };
	});
	return { ok: true, rows };
}
