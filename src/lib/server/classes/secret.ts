// The HMAC key of check-in codes, personal codes and certificates: generated
// once and kept in app_secrets, so every instance on the database agrees.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Db } from '../db/index.ts';

const NAME = 'class_hmac';
let cached: Promise<Buffer> | null = null;

async function load(sql: Db): Promise<Buffer> {
	const fresh = randomBytes(32).toString('base64url');
	await sql`insert into app_secrets (name, value) values (${NAME}, ${fresh}) on conflict (name) do nothing`;
	const [row] = await sql<{ value: string }[]>`select value from app_secrets where name = ${NAME}`;
	return Buffer.from(row.value, 'base64url');
}

export function classSecret(sql: Db): Promise<Buffer> {
	cached ??= load(sql).catch((e) => {
		cached = null;
		throw e;
	});
	return cached;
}

export const mac = (key: Buffer, text: string, length = 22): string =>
	createHmac('sha256', key).update(text).digest('base64url').slice(0, length);

export function sameText(a: string, b: string): boolean {
	const x = Buffer.from(a);
	const y = Buffer.from(b);
	return x.length === y.length && timingSafeEqual(x, y);
}
