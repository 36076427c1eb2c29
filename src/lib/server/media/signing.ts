// Signed, expiring media URLs. The signature covers asset id + user id +
// expiry (not the path), so it is a capability for one person to read one
// asset's files until the expiry: playlists are rewritten to carry the same
// query on every child URI. Signing happens only after a course access check.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Db } from '../db/index.ts';
import { config } from '../config.js';

const SECRET_NAME = 'media_hmac';
const holder = globalThis as { __xuefanMediaSecret?: Buffer };

/**
 * Loads the HMAC key: XUEFAN_MEDIA_SECRET, else one generated once and kept in
 * app_secrets so every instance on the same database agrees. Call at start.
 */
export async function initMediaSecret(sql: Db): Promise<void> {
	const fromEnv = config().mediaSecret; // at least 16 characters: checked there
	if (fromEnv) {
		holder.__xuefanMediaSecret = Buffer.from(fromEnv, 'utf8');
		return;
	}
	const fresh = randomBytes(32).toString('base64url');
	// Two instances starting together: the first insert wins, both read it.
	await sql`insert into app_secrets (name, value) values (${SECRET_NAME}, ${fresh}) on conflict (name) do nothing`;
	const [row] = await sql<
		{ value: string }[]
	>`select value from app_secrets where name = ${SECRET_NAME}`;
	holder.__xuefanMediaSecret = Buffer.from(row.value, 'base64url');
}

function secret(): Buffer {
	const s = holder.__xuefanMediaSecret;
	if (!s) throw new Error('media secret not loaded: call initMediaSecret() at start');
	return s;
}

function mac(assetId: string, userId: number, expires: number): string {
	return createHmac('sha256', secret())
		.update(`${assetId}\n${userId}\n${expires}`)
		.digest('base64url');
}

/** The query string (without `?`) that grants `userId` the asset until now + ttl. */
export function signQuery(
	assetId: string,
	userId: number,
	ttlSeconds = 4 * 3600,
	now = Date.now()
): string {
	const expires = Math.floor(now / 1000) + Math.max(1, Math.floor(ttlSeconds));
	return `u=${userId}&e=${expires}&s=${mac(assetId, userId, expires)}`;
}

export type VerifyResult =
	| { ok: true; userId: number; query: string }
	| { ok: false; reason: 'unsigned' | 'expired' | 'bad_signature' };

/** Checks u/e/s of a media request in constant time; returns the canonical query to re-use in playlists. */
export function verifyQuery(
	assetId: string,
	params: URLSearchParams,
	now = Date.now()
): VerifyResult {
	const u = params.get('u');
	const e = params.get('e');
	const s = params.get('s');
	if (!u || !e || !s) return { ok: false, reason: 'unsigned' };
	if (!/^\d{1,10}$/.test(u) || !/^\d{1,12}$/.test(e) || !/^[A-Za-z0-9_-]{43}$/.test(s))
		return { ok: false, reason: 'bad_signature' };
	const userId = Number(u);
	const expires = Number(e);
	const expected = Buffer.from(mac(assetId, userId, expires));
	const given = Buffer.from(s);
	if (given.length !== expected.length || !timingSafeEqual(given, expected))
		return { ok: false, reason: 'bad_signature' };
	if (expires * 1000 <= now) return { ok: false, reason: 'expired' };
	return { ok: true, userId, query: `u=${userId}&e=${expires}&s=${s}` };
}

/** `/media/<assetId>/master.m3u8?…`: the entry point for a player (sign only after canViewLesson). */
export function signedMasterUrl(assetId: string, userId: number, ttlSeconds = 4 * 3600): string {
	return `/media/${assetId}/master.m3u8?${signQuery(assetId, userId, ttlSeconds)}`;
}

export function posterUrl(assetId: string, userId: number, ttlSeconds = 4 * 3600): string {
	return `/media/${assetId}/poster.jpg?${signQuery(assetId, userId, ttlSeconds)}`;
}

/** A WebVTT file stored in the asset dir as `<name>.vtt` (e.g. captions-zh-CN → `captions-zh-cn.vtt`). */
export function captionsUrl(
	assetId: string,
	userId: number,
	name: string,
	ttlSeconds = 4 * 3600
): string {
	return `/media/${assetId}/${encodeURIComponent(name)}.vtt?${signQuery(assetId, userId, ttlSeconds)}`;
}

/** Adds the signed query to every URI line of a playlist (and URI="…" attributes). */
export function signPlaylist(text: string, query: string): string {
	const add = (uri: string) =>
		/^[a-z]+:|^\//i.test(uri) ? uri : `${uri}${uri.includes('?') ? '&' : '?'}${query}`;
	return text
		.split('\n')
		.map((line) => {
			const t = line.trim();
			if (!t) return line;
			if (t.startsWith('#'))
				return line.replace(/URI="([^"]+)"/g, (_, uri: string) => `URI="${add(uri)}"`);
			return add(t);
		})
		.join('\n');
}
