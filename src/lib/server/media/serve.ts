// Serving an asset's files: signature check, whitelisted paths, content
// types, single byte ranges (206/416), playlists re-signed on the fly.
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { signPlaylist, verifyQuery } from './signing.ts';
import { CONTENT_TYPES, servablePath } from './storage.ts';

const forbidden = (reason: string) =>
	new Response(`forbidden: ${reason}`, {
		status: 403,
		headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' }
	});

/** Parses a single `bytes=` range against a size: [start, end] inclusive, 'invalid' (416), or null (ignore). */
export function parseRange(
	header: string | null,
	size: number
): [number, number] | 'invalid' | null {
	const h = header?.trim();
	// No header, another unit, or several ranges: the whole file (RFC 9110 allows ignoring).
	if (!h || !h.startsWith('bytes=') || h.includes(',')) return null;
	const m = /^bytes=(\d*)-(\d*)$/.exec(h);
	if (!m || (!m[1] && !m[2])) return null;
	let start: number;
	let end: number;
	if (!m[1]) {
		const suffix = Number(m[2]);
		if (suffix === 0) return 'invalid';
		start = Math.max(0, size - suffix);
		end = size - 1;
	} else {
		start = Number(m[1]);
		end = m[2] ? Math.min(Number(m[2]), size - 1) : size - 1;
	}
	if (start >= size || start > end) return 'invalid';
	return [start, end];
}

export async function serveMedia(
	assetId: string,
	rel: string,
	url: URL,
	request: Request
): Promise<Response> {
	const verdict = verifyQuery(assetId, url.searchParams);
	if (!verdict.ok) return forbidden(verdict.reason);
	const file = servablePath(assetId, rel);
	if (!file) return new Response('not found', { status: 404 });
	const ext = path.extname(file);
	const headers = new Headers({
		'content-type': CONTENT_TYPES[ext],
		'accept-ranges': 'bytes',
		'x-content-type-options': 'nosniff'
	});
	// Segments and posters never change under their name. Playlists of a ready asset do not
	// either, but a re-transcode rewrites them: ten minutes, so that what the page fetched
	// for the quality menu (and the start rung's playlist fetched on play) is not fetched
	// again by hls.js – on a 400 ms link each refetch is a round trip before the first frame.
	headers.set(
		'cache-control',
		ext === '.m3u8' ? 'private, max-age=600' : 'private, max-age=31536000, immutable'
	);

	let body: Buffer | null = null;
	let size: number;
	try {
		if (ext === '.m3u8') {
			body = Buffer.from(signPlaylist(await readFile(file, 'utf8'), verdict.query));
			size = body.length;
		} else {
			const s = await stat(file);
			if (!s.isFile()) return new Response('not found', { status: 404 });
			size = s.size;
		}
	} catch {
		return new Response('not found', { status: 404 });
	}

	const range = parseRange(request.headers.get('range'), size);
	if (range === 'invalid') {
		headers.set('content-range', `bytes */${size}`);
		return new Response(null, { status: 416, headers });
	}
	const [start, end] = range ?? [0, size - 1];
	headers.set('content-length', String(size === 0 ? 0 : end - start + 1));
	if (range) headers.set('content-range', `bytes ${start}-${end}/${size}`);
	const status = range ? 206 : 200;
	if (request.method === 'HEAD' || size === 0) return new Response(null, { status, headers });
	if (body) return new Response(new Uint8Array(body.subarray(start, end + 1)), { status, headers });
	const stream = Readable.toWeb(createReadStream(file, { start, end })) as ReadableStream;
	return new Response(stream, { status, headers });
}
