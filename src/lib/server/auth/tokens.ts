// Session tokens, the recipe Lucia's site now recommends: `<id>.<secret>`,
// both random and base32 (lowercase, no padding). The id finds the row; only
// SHA-256(secret) is stored and it is compared in constant time, so a leaked
// sessions table (or a timing probe) does not yield usable tokens.
import { sha256 } from '@oslojs/crypto/sha2';
import { constantTimeEqual } from '@oslojs/crypto/subtle';
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';

/** 15 random bytes = 120 bits = 24 base32 characters. */
export const ID_BYTES = 15;
/** 20 random bytes = 160 bits = 32 base32 characters. */
export const SECRET_BYTES = 20;

const ID_CHARS = (ID_BYTES * 8) / 5;
const SECRET_CHARS = (SECRET_BYTES * 8) / 5;
const TOKEN_RE = new RegExp(`^([a-z2-7]{${ID_CHARS}})\\.([a-z2-7]{${SECRET_CHARS}})$`);

export interface TokenParts {
	id: string;
	secret: string;
}

export function randomBase32(bytes: number): string {
	const buf = new Uint8Array(bytes);
	crypto.getRandomValues(buf);
	return encodeBase32LowerCaseNoPadding(buf);
}

export function generateToken(): TokenParts & { token: string } {
	const id = randomBase32(ID_BYTES);
	const secret = randomBase32(SECRET_BYTES);
	return { id, secret, token: `${id}.${secret}` };
}

/** Splits a token; null for anything not exactly of our format (no DB lookup for junk). */
export function parseToken(token: unknown): TokenParts | null {
	if (typeof token !== 'string') return null;
	const match = TOKEN_RE.exec(token);
	return match ? { id: match[1], secret: match[2] } : null;
}

export function hashSecret(secret: string): Uint8Array {
	return sha256(new TextEncoder().encode(secret));
}

export function secretMatches(secret: string, storedHash: Uint8Array): boolean {
	const hash = hashSecret(secret);
	return hash.length === storedHash.length && constantTimeEqual(hash, storedHash);
}
