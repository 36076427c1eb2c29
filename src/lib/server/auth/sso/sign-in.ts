// The person an SSO identity maps to, and a fresh Xuefan session for them.
// Unknown or disabled people are refused (with different reasons: the page
// says which, because the provider has already established who this is).
import type { Db } from '../../db/index.ts';
import { findAccount } from '../login.ts';
import * as sessions from '../sessions.ts';
import type { Locale } from '../../../paraglide/runtime.js';

export type SsoSignIn =
	| { ok: true; token: string; userId: number; locale: Locale | null; mustChangePassword: boolean }
	| { ok: false; reason: 'unknown' | 'disabled' };

export async function ssoSignIn(sql: Db, employeeNo: string): Promise<SsoSignIn> {
	const account = await findAccount(sql, employeeNo);
	if (!account) return { ok: false, reason: 'unknown' };
	if (!account.active) return { ok: false, reason: 'disabled' };
	const token = await sessions.create(sql, account.id);
	return {
		ok: true,
		token,
		userId: account.id,
		locale: account.locale,
		// The account's own flag (a roster import's initial password): the guard asks for a new one as after any sign-in.
		mustChangePassword: account.must_change_password
	};
}
