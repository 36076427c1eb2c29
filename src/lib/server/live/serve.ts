// Serving a live stream: the same signed, expiring URLs as recorded media
// (media/signing.ts, keyed `live-<id>`), the playlist re-signed on every
// request and never cached (it changes every 2 s), segments cacheable.
import { readFile } from 'node:fs/promises';
import { signPlaylist, signQuery, verifyQuery } from '../media/signing.ts';
import { liveSigningKey, PLAYLIST, servableLiveFile } from './paths.ts';

/** The player's entry point; sign only after roleInSession said yes. */
export function signedLiveUrl(sessionId: number, userId: number, ttlSeconds = 12 * 3600): string {
	return `/live/${sessionId}/hls/${PLAYLIST}?${signQuery(liveSigningKey(sessionId), userId, ttlSeconds)}`;
}

const text = (status: number, body: string) =>
	new Response(body, {
		status,
		headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' }
	});

export async function serveLive(
	sessionId: number,
	name: string,
	url: URL,
	method = 'GET'
): Promise<Response> {
	if (!Number.isSafeInteger(sessionId) || sessionId <= 0) return text(404, 'not found');
	const verdict = verifyQuery(liveSigningKey(sessionId), url.searchParams);
	if (!verdict.ok) return text(403, `forbidden: ${verdict.reason}`);
	const file = servableLiveFile(sessionId, name);
	if (!file) return text(404, 'not found');
	let body: Buffer;
	try {
		body = await readFile(file);
	} catch {
		// Before the first segment exists the player retries.
		return text(404, 'not found');
	}
	const playlist = name === PLAYLIST;
	if (playlist) body = Buffer.from(signPlaylist(body.toString('utf8'), verdict.query));
	const headers = new Headers({
		'content-type': playlist ? 'application/vnd.apple.mpegurl' : 'video/mp2t',
		'content-length': String(body.length),
		'cache-control': playlist ? 'no-store' : 'private, max-age=3600',
		'x-content-type-options': 'nosniff'
	});
	return new Response(method === 'HEAD' ? null : new Uint8Array(body), { status: 200, headers });
}
