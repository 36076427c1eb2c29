// The answer nginx asks for before it serves an asset's playlists, segments,
// posters and captions from the shared media directory itself
// (deploy/nginx/xuefan.conf.template, `auth_request`): is this signed query
// valid for this asset now? The same HMAC check serve.ts makes, without a
// file read or a session lookup, on the node:http fast path (no kit). 204 or
// 403; Cache-Control tells nginx's auth cache how long the verdict holds
// (never past the signature's expiry).
//   GET /_media-auth/<assetId>?u=…&e=…&s=…
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastPath } from '../edge/node.ts';
import { verifyQuery } from './signing.ts';
import { UUID_RE } from './storage.ts';

export const MEDIA_AUTH_PREFIX = '/_media-auth/';
/** The longest an allowed verdict may be cached (and never past the expiry of the signature). */
export const MEDIA_AUTH_MAX_AGE = 60;
const REFUSED_MAX_AGE = 10;

/** The verdict for one request path + query: status and the seconds it may be cached. */
export function mediaAuthVerdict(
	url: string,
	now = Date.now()
): { status: 204 | 403 | 404; maxAge: number } {
	const q = url.indexOf('?');
	const assetId = url.slice(MEDIA_AUTH_PREFIX.length, q < 0 ? undefined : q);
	if (!UUID_RE.test(assetId)) return { status: 404, maxAge: 0 };
	const params = new URLSearchParams(q < 0 ? '' : url.slice(q + 1));
	const verdict = verifyQuery(assetId, params, now);
	if (!verdict.ok) return { status: 403, maxAge: REFUSED_MAX_AGE };
	const left = Math.floor((Number(params.get('e')) * 1000 - now) / 1000);
	return { status: 204, maxAge: Math.max(0, Math.min(MEDIA_AUTH_MAX_AGE, left)) };
}

export const mediaAuthFastPath: FastPath = function mediaAuth(
	req: IncomingMessage,
	res: ServerResponse
): boolean {
	if (!req.url?.startsWith(MEDIA_AUTH_PREFIX) || (req.method !== 'GET' && req.method !== 'HEAD'))
		return false;
	const { status, maxAge } = mediaAuthVerdict(req.url);
	res.writeHead(status, {
		'cache-control': maxAge > 0 ? `private, max-age=${maxAge}` : 'no-store',
		'content-length': 0
	});
	res.end();
	return true;
};
