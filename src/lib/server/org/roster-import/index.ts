// Roster import: read (.xlsx/.csv) → validate every row → write, all or
// nothing. Any bad row (or file problem) means nothing is written and every
// problem comes back as codes with row and column (render with messages.ts).
import type { Db } from '$lib/server/db';
import { hashPassword } from '$lib/server/auth/passwords';
import { lockTree } from '../closure.ts';
import { inTransaction } from '../../db/tx.ts';
import { unitPathMap } from '../unit-paths.ts';
import { MAX_PASSWORD, MIN_PASSWORD, type FileError, type RowError } from './errors.ts';
import { readRoster } from './read.ts';
import { validateRows } from './validate.ts';
import { countNew, writeRows, type WriteSummary } from './write.ts';

export { COLUMNS, TEMPLATE_HEADERS, type ColumnKey } from './columns.ts';
export { MAX_FILE_BYTES, MAX_ROWS, MIN_PASSWORD, type FileError, type RowError } from './errors.ts';

export interface ImportInput {
	bytes: Uint8Array;
	fileName: string;
	/** For people new to the system; may be '' when the file only updates existing people. */
	initialPassword: string;
}

export interface ImportTimings {
	readMs: number;
	hashMs: number;
	validateMs: number;
	writeMs: number;
	totalMs: number;
}

export type ImportResult =
	| ({ ok: true; rows: number; timings: ImportTimings } & WriteSummary)
	| { ok: false; rows: number; fileErrors: FileError[]; rowErrors: RowError[] };

export async function importRoster(sql: Db, input: ImportInput): Promise<ImportResult> {
	const t0 = performance.now();
	const passwordErrors = checkInitialPassword(input.initialPassword);
	const read = await readRoster(input.bytes, input.fileName);
	if (!read.ok)
		return { ok: false, rows: 0, fileErrors: [...read.errors, ...passwordErrors], rowErrors: [] };
	const rows = read.rows.length;
	const t1 = performance.now();

	// One Argon2id hash per import, shared by every new row (each must change it at first login).
	const hash =
		input.initialPassword && passwordErrors.length === 0
			? await hashPassword(input.initialPassword)
			: null;
	const t2 = performance.now();

	return inTransaction(sql, async (tx) => {
		// Units must not move or vanish between validation and write.
		await lockTree(tx);
		const units = await unitPathMap(tx);
		const { valid, errors } = validateRows(read.rows, units);
		const fileErrors = [...passwordErrors];
		if (errors.length === 0 && hash === null && fileErrors.length === 0) {
			if (
				(await countNew(
					tx,
					valid.map((v) => v.employeeNo)
				)) > 0
			)
				fileErrors.push({ code: 'password_required', params: {} });
		}
		if (errors.length || fileErrors.length)
			return { ok: false as const, rows, fileErrors, rowErrors: errors };
		const t3 = performance.now();
		const summary = await writeRows(tx, valid, hash);
		const t4 = performance.now();
		return {
			ok: true as const,
			rows,
			...summary,
			timings: {
				readMs: t1 - t0,
				hashMs: t2 - t1,
				validateMs: t3 - t2,
				writeMs: t4 - t3,
				totalMs: t4 - t0
			}
		};
	});
}

/** Empty is allowed here (checked later, only if someone new would be created). */
export function checkInitialPassword(password: string): FileError[] {
	if (password === '') return [];
	const length = [...password].length;
	if (length < MIN_PASSWORD) return [{ code: 'password_too_short', params: { min: MIN_PASSWORD } }];
	if (length > MAX_PASSWORD) return [{ code: 'password_too_long', params: { max: MAX_PASSWORD } }];
	return [];
}
