// Passwords: Argon2id (@node-rs/argon2) with OWASP's minimum parameters,
// and the rules for a password a person chooses.
import * as limits from '../../api/limits.ts';
import { hash, verify, type Options } from '@node-rs/argon2';

// Argon2id is the library's default algorithm (its enum is a const enum,
// unusable under isolatedModules): the PHC string says $argon2id$.
const OPTIONS: Options = { memoryCost: 19456, timeCost: 2, outputLen: 32, parallelism: 1 };

export const MIN_LENGTH = limits.account.passwordMin;
export const MAX_LENGTH = limits.account.passwordMax;

export function hashPassword(password: string): Promise<string> {
	return hash(password.normalize('NFC'), OPTIONS);
}

/** False for a wrong password and for a hash that cannot be parsed (never throws on bad input). */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
	try {
		return await verify(passwordHash, password.normalize('NFC'));
	} catch {
		return false;
	}
}

let dummy: Promise<string> | undefined;

/**
 * Spends the time of a real verification when there is no real hash (unknown
 * employee number, account without password), so response times do not tell
 * whether an account exists. Always false.
 */
export async function verifyDummy(password: string): Promise<false> {
	dummy ??= hashPassword('xuefan-dummy-password-0');
	await verifyPassword(await dummy, password);
	return false;
}

export type PasswordProblem =
	'too_short' | 'too_long' | 'same_as_employee_no' | 'needs_letter_and_digit';

/** Rules for a new password: 8–128 characters, letters and digits, not the employee number. Null when fine. */
export function validateNewPassword(password: string, employeeNo: string): PasswordProblem | null {
	const length = [...password].length;
	if (length < MIN_LENGTH) return 'too_short';
	if (length > MAX_LENGTH) return 'too_long';
	if (password.trim().toLowerCase() === employeeNo.trim().toLowerCase())
		return 'same_as_employee_no';
	if (!/\p{L}/u.test(password) || !/\p{Nd}/u.test(password)) return 'needs_letter_and_digit';
	return null;
}
