// Bank import: read → validate every row → insert, all or nothing. Any file
// problem or bad row means nothing is written; problems come back as codes
// with row and column (render with messages.ts). A row identical to a live
// question of the bank (or to an earlier row) is skipped and reported, so
// importing the same file twice does not double the bank.
import type { Db } from '$lib/server/db';
import { readBank, type FileError } from './read.ts';
import { validateRows, type RowError } from './rows.ts';
import { insertQuestions } from './store.ts';
import type { QuestionInput } from './types.ts';

export type ImportResult =
	| { ok: true; ids: number[]; skippedRows: number[] }
	| { ok: false; fileError: FileError | null; rowErrors: RowError[] };

export interface ImportInput {
	bytes: Uint8Array;
	fileName: string;
	/** mark every imported question as usable in the lecturer's other courses */
	shared: boolean;
}

type Same = Pick<QuestionInput, 'kind' | 'stem' | 'options' | 'answer'>;
/** Identity of a question's content: type, stem, options and key (explanation, tags, difficulty aside). */
const sameKey = (q: Same) => JSON.stringify([q.kind, q.stem, q.options, q.answer]);

export async function importBank(
	sql: Db,
	courseId: number,
	createdBy: number | null,
	input: ImportInput
): Promise<ImportResult> {
	const read = await readBank(input.bytes, input.fileName);
	if (!read.ok) return { ok: false, fileError: read.error, rowErrors: [] };
	const { valid, validRows, errors } = validateRows(read.rows, input.shared);
	if (errors.length) return { ok: false, fileError: null, rowErrors: errors };
	return transaction(sql, async (tx) => {
		// one import per bank at a time, so two uploads of one file cannot both pass the duplicate check
		await tx`select pg_advisory_xact_lock(hashtext('question_bank_import'), ${courseId})`;
		const existing = await tx<Same[]>`
			select kind, stem, options, answer::int[] as answer from questions where course_id = ${courseId} and archived_at is null`;
		const seen = new Set(
			existing.map((q) => sameKey({ ...q, answer: [...q.answer].sort((a, b) => a - b) }))
		);
		const fresh: QuestionInput[] = [];
		const skippedRows: number[] = [];
		valid.forEach((q, i) => {
			const key = sameKey(q);
			if (seen.has(key)) skippedRows.push(validRows[i]);
			else {
				seen.add(key);
				fresh.push(q);
			}
		});
		// one statement: the database's own checks failing would leave nothing behind
		const ids = await insertQuestions(tx, courseId, createdBy, fresh);
		return { ok: true as const, ids, skippedRows };
	});
}

function transaction<T>(sql: Db, fn: (tx: Db) => Promise<T>): Promise<T> {
	return 'begin' in sql ? (sql.begin((tx) => fn(tx)) as Promise<T>) : fn(sql);
}
