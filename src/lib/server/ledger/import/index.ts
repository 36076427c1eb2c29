// Bulk import of past records (往年学时): read the .xlsx → check every row →
// write, all or nothing, in one transaction. Any bad row (or file problem)
// means nothing is written and every problem comes back with its row and
// column. Rows already imported (same stable source id) are counted, not
// written again.
import type { Db } from '../../db/index.ts';
import { inTransaction } from '../../db/tx.ts';
import type { FileError } from '../../org/roster-import/errors.ts';
import { asciiFold } from '../../org/roster-import/validate.ts';
import { writeEntries } from '../write.ts';
import { readRecords } from './read.ts';
import { validateRows, type RowError } from './validate.ts';

export type { RowError } from './validate.ts';
export { COLUMNS, TEMPLATE_HEADERS, type ColumnKey } from './columns.ts';

export type ImportResult =
	| { ok: true; rows: number; added: number; skipped: number }
	| { ok: false; rows: number; fileErrors: FileError[]; rowErrors: RowError[] };

export interface ImportInput {
	bytes: Uint8Array;
	fileName: string;
	/** today in the organisation's zone (YYYY-MM-DD): later days are refused */
	today: string;
	zone: string;
	by: number;
}

export async function importRecords(sql: Db, input: ImportInput): Promise<ImportResult> {
	const read = await readRecords(input.bytes, input.fileName);
	if (!read.ok) return { ok: false, rows: 0, fileErrors: read.errors, rowErrors: [] };
	const rows = read.rows.length;
	const numbers = [
		...new Set(read.rows.map((r) => asciiFold(r.values.employee_no).toLowerCase()))
	].filter(Boolean);
	return inTransaction(sql, async (tx) => {
		// the people are locked: none can vanish between the check and the write
		const found = await tx<{ id: number; no: string }[]>`
			select id, lower(employee_no) as no from users
			where lower(employee_no) = any(${numbers}::text[])
			for key share`;
		const people = new Map(found.map((p) => [p.no, p.id]));
		const { valid, errors } = validateRows(read.rows, people, input.today);
		if (errors.length) return { ok: false as const, rows, fileErrors: [], rowErrors: errors };
		const ids = await writeEntries(tx, valid, input.by, input.zone);
		const added = ids.filter((id) => id !== null).length;
		return { ok: true as const, rows, added, skipped: rows - added };
	});
}
