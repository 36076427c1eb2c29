// Signing in with employee number and password: throttled per account and
// per IP before any password is checked; the same answer (and about the
// same time) whether the account is unknown, has no password, is disabled or
// the password is wrong; a fresh session on success.
import * as limits from '../../api/limits.ts';
import type { Db } from '../db/index.ts';
import { verifyDummy, verifyPassword } from './passwords.ts';
import * as sessions from './sessions.ts';
import * as throttle from './throttle.ts';
import type { Locale } from '../../paraglide/runtime.js';

export interface LoginInput {
	employeeNo: string;
	password: string;
	/** The client's address (event.getClientAddress()). */
	ip: string;
}

export type LoginResult =
	| { ok: true; token: string; userId: number; locale: Locale | null; mustChangePassword: boolean }
	| { ok: false; reason: 'invalid' }
	| { ok: false; reason: 'throttled'; retryAt: Date; retryAfterSeconds: number };

interface Account {
	id: number;
	employee_no: string;
	password_hash: string | null;
	active: boolean;
	locale: Locale | null;
	must_change_password: boolean;
}

/** The account for a typed employee number: exact match first, else the only case-insensitive one. */
export async function findAccount(sql: Db, employeeNo: string): Promise<Account | null> {
	const no = employeeNo.trim();
	if (!no || no.length > limits.account.employeeNo) return null;
	const rows = await sql<Account[]>`
		select id, employee_no, password_hash, active, locale, must_change_password
		from users where lower(employee_no) = lower(${no})
		limit 5`;
	return rows.find((r) => r.employee_no === no) ?? (rows.length === 1 ? rows[0] : null);
}

export async function signIn(sql: Db, input: LoginInput): Promise<LoginResult> {
	const accountKey = throttle.accountKey(input.employeeNo);
	const attempt = await throttle.attempt(sql, [accountKey, throttle.ipKey(input.ip)]);
	if (!attempt.allowed) {
		return {
			ok: false,
			reason: 'throttled',
			retryAt: attempt.retryAt,
			retryAfterSeconds: attempt.retryAfterSeconds
		};
	}
	const account = await findAccount(sql, input.employeeNo);
	let valid: boolean;
	if (!account?.password_hash) valid = await verifyDummy(input.password);
	else valid = (await verifyPassword(account.password_hash, input.password)) && account.active;
	if (!valid || !account) return { ok: false, reason: 'invalid' }; // the attempt stays counted

	await throttle.succeeded(sql, attempt, accountKey);
	const token = await sessions.create(sql, account.id);
	return {
		ok: true,
		token,
		userId: account.id,
		locale: account.locale,
		mustChangePassword: account.must_change_password
	};
}
