import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sha256 } from '@oslojs/crypto/sha2';
import { generateToken, hashSecret, parseToken, secretMatches } from './tokens';

describe('session tokens', () => {
	it('have the form <id>.<secret>: base32 lowercase, 120-bit id, 160-bit secret', () => {
		const { id, secret, token } = generateToken();
		expect(token).toBe(`${id}.${secret}`);
		expect(id).toMatch(/^[a-z2-7]{24}$/); // 24 × 5 bits = 120
		expect(secret).toMatch(/^[a-z2-7]{32}$/); // 32 × 5 bits = 160
		expect(parseToken(token)).toEqual({ id, secret });
	});

	it('are different every time', () => {
		const seen = new Set(Array.from({ length: 1000 }, () => generateToken().token));
		expect(seen.size).toBe(1000);
		const ids = new Set([...seen].map((t) => t.split('.')[0]));
		expect(ids.size).toBe(1000);
	});

	it('parse rejects malformed tokens', () => {
		const { id, secret } = generateToken();
		for (const bad of [
			'',
			id,
			`${id}.`,
			`.${secret}`,
			`${id}${secret}`,
			`${id}.${secret}.x`,
			`${id}.${secret.slice(1)}`,
			`${id}.${secret}a`,
			`${id.toUpperCase()}.${secret}`,
			`${id}.${secret.slice(0, -1)}1`, // 1 is not in the base32 alphabet
			` ${id}.${secret}`,
			`${id}.${secret}\n`
		]) {
			expect(parseToken(bad), bad).toBeNull();
		}
		expect(parseToken(undefined)).toBeNull();
		expect(parseToken(42)).toBeNull();
	});

	it('parse never accepts a string that is not exactly id.secret', () => {
		fc.assert(
			fc.property(fc.string({ maxLength: 80 }), (s) => {
				const parsed = parseToken(s);
				if (parsed) expect(`${parsed.id}.${parsed.secret}`).toBe(s);
			})
		);
	});

	it('store only the SHA-256 of the secret, compared exactly', () => {
		const { secret } = generateToken();
		const hash = hashSecret(secret);
		expect(hash).toEqual(sha256(new TextEncoder().encode(secret)));
		expect(hash.length).toBe(32);
		expect(secretMatches(secret, hash)).toBe(true);
		const other = secret.slice(0, -1) + (secret.endsWith('a') ? 'b' : 'a');
		expect(secretMatches(other, hash)).toBe(false);
		expect(secretMatches(secret, hash.slice(0, 31))).toBe(false);
	});
});
