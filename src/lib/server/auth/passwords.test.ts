import { describe, expect, it } from 'vitest';
import { parseOptions } from '@node-rs/argon2';
import { hashPassword, validateNewPassword, verifyDummy, verifyPassword } from './passwords';

describe('passwords', () => {
	it('hash with Argon2id m=19456 t=2 p=1, 32-byte output, and verify', async () => {
		const hash = await hashPassword('学习强国2024');
		expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
		expect(parseOptions(hash).outputLen).toBe(32);
		expect(await verifyPassword(hash, '学习强国2024')).toBe(true);
		expect(await verifyPassword(hash, '学习强国2025')).toBe(false);
		expect(await hashPassword('学习强国2024')).not.toBe(hash); // salted
	});

	it('verify is false (not an exception) for a broken hash; the dummy is always false', async () => {
		expect(await verifyPassword('not-a-hash', 'x')).toBe(false);
		expect(await verifyDummy('xuefan-dummy-password-0')).toBe(false);
	});

	it('rules for a new password', () => {
		expect(validateNewPassword('abc123', 'A001')).toBe('too_short');
		expect(validateNewPassword('a1'.repeat(65), 'A001')).toBe('too_long');
		expect(validateNewPassword('a1'.repeat(64), 'A001')).toBeNull();
		expect(validateNewPassword('Zhang2024x', 'zhang2024X')).toBe('same_as_employee_no');
		expect(validateNewPassword('abcdefgh', 'A001')).toBe('needs_letter_and_digit');
		expect(validateNewPassword('12345678', 'A001')).toBe('needs_letter_and_digit');
		expect(validateNewPassword('学习强国学习2024', 'A001')).toBeNull();
		expect(validateNewPassword('sail4learning', 'A001')).toBeNull();
	});
});
