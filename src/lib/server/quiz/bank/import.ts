// Bank import: read → validate every row → insert, all or nothing. Any file
// problem or bad row means nothing is written; problems come back as codes
// with row and column (render with messages.ts).
import type { Db } from '$lib/server/db';
import { readBank, type FileError } from './read.ts';
import { validateRows, type RowError } from './rows.ts';
import { insertQuestions } from './store.ts';

export type ImportResult = { ok: true; ids: number[] } | { ok: false; fileError: FileError | null; rowErrors: RowError[] };

export interface ImportInput {
	bytes: Uint8Array;
	fileName: string;
	/** mark every imported question as usable in the lecturer's other courses */
	shared: boolean;
}

export async function importBank(sql: Db, courseId: number, createdBy: number | null, input: ImportInput): Promise<ImportResult> {
	const read = await readBank(input.bytes, input.fileName);
	if (!read.ok) return { ok: false, fileError: read.error, rowErrors: [] };
	const { valid, errors } = validateRows(read.rows, input.shared);
	if (errors.length) return { ok: false, fileError: null, rowErrors: errors };
	// one statement, one transaction: the database's own checks failing would leave nothing behind
	const ids = await transaction(sql, (tx) => insertQuestions(tx, courseId, createdBy, valid));
	return { ok: true, ids };
}

function transaction<T>(sql: Db, fn: (tx: Db) => Promise<T>): Promise<T> {
	return 'begin' in sql ? (sql.begin((tx) => fn(tx)) as Promise<T>) : fn(sql);
}
