// Setting passwords: a person choosing their own (first login or any time);
// it ends every other session. Administrator resets live in org/people.ts.
import type { Db } from '../db/index.ts';
import {
	hashPassword,
	validateNewPassword,
	verifyPassword,
	type PasswordProblem
} from './passwords.ts';
import * as sessions from './sessions.ts';
import * as throttle from './throttle.ts';
import { inTransaction } from '../db/tx.ts';

export interface ChangeInput {
	/** Required unless the account must change its password (first login, after a reset). */
	current: string;
	password: string;
	confirm: string;
	ip: string;
}

export type ChangeProblem =
	PasswordProblem | 'mismatch' | 'current_missing' | 'current_wrong' | 'same_as_current';

export type ChangeResult =
	| { ok: true; token: string }
	| { ok: false; problem: ChangeProblem }
	| { ok: false; problem: 'throttled'; retryAfterSeconds: number };

/**
 * A person sets their own password. On success every session of theirs ends
 * (other devices included) and a fresh one starts: its token is returned for
 * the cookie. must_change_password is cleared.
 */
export async function changeOwnPassword(
	sql: Db,
	userId: number,
	input: ChangeInput
): Promise<ChangeResult> {
	const [account] = await sql`
		select employee_no, password_hash, must_change_password from users where id = ${userId} and active`;
	if (!account) return { ok: false, problem: 'current_wrong' };
	const requireCurrent = !account.must_change_password;

	if (requireCurrent && !input.current) return { ok: false, problem: 'current_missing' };
	const problem = validateNewPassword(input.password, account.employee_no);
	if (problem) return { ok: false, problem };
	if (input.password !== input.confirm) return { ok: false, problem: 'mismatch' };

	if (requireCurrent) {
		// Guessing the current password from a hijacked session is throttled like a login.
		const accountKey = throttle.accountKey(account.employee_no);
		const attempt = await throttle.attempt(sql, [accountKey, throttle.ipKey(input.ip)]);
		if (!attempt.allowed)
			return { ok: false, problem: 'throttled', retryAfterSeconds: attempt.retryAfterSeconds };
		const right =
			!!account.password_hash && (await verifyPassword(account.password_hash, input.current));
		if (!right) return { ok: false, problem: 'current_wrong' };
		await throttle.succeeded(sql, attempt, accountKey);
	}
	if (account.password_hash && (await verifyPassword(account.password_hash, input.password))) {
		return { ok: false, problem: 'same_as_current' };
	}

	const hash = await hashPassword(input.password);
	const token = await inTransaction(sql, async (tx) => {
		await tx`
			update users set password_hash = ${hash}, must_change_password = false, updated_at = now()
			where id = ${userId}`;
		await sessions.invalidateUser(tx, userId);
		return sessions.create(tx, userId);
	});
	return { ok: true, token };
}
