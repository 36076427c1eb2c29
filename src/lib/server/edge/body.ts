// JSON request bodies with a hard byte cap, read the same way from a web
// Request (kit) and a node:http IncomingMessage (fast paths): a forged 10 MB
// body costs neither memory nor parse time, and both transports answer it alike.
import type { IncomingMessage } from 'node:http';

export type JsonBody =
	| { ok: true; value: unknown }
	| { ok: false; status: 400 | 413; code: 'malformed_json' | 'too_large' };

const TOO_LARGE = { ok: false, status: 413, code: 'too_large' } as const;
const MALFORMED = { ok: false, status: 400, code: 'malformed_json' } as const;

function parse(chunks: Uint8Array[]): JsonBody {
	try {
		return { ok: true, value: JSON.parse(Buffer.concat(chunks).toString('utf8')) };
	} catch {
		return MALFORMED;
	}
}

export async function readJsonRequest(request: Request, maxBytes: number): Promise<JsonBody> {
	if (Number(request.headers.get('content-length') ?? 0) > maxBytes) return TOO_LARGE;
	if (!request.body) return MALFORMED;
	const reader = request.body.getReader();
	const chunks: Uint8Array[] = [];
	let size = 0;
	for (;;) {
		const { done, value } = await reader.read();
		if (done) break;
		size += value.byteLength;
		if (size > maxBytes) {
			await reader.cancel().catch(() => {});
			return TOO_LARGE;
		}
		chunks.push(value);
	}
	return parse(chunks);
}

/** Stops reading at the cap (the caller then answers with `connection: close`). */
export function readJsonIncoming(req: IncomingMessage, maxBytes: number): Promise<JsonBody> {
	if (Number(req.headers['content-length'] ?? 0) > maxBytes) return Promise.resolve(TOO_LARGE);
	return new Promise((resolve) => {
		const chunks: Buffer[] = [];
		let size = 0;
		req.on('data', (c: Buffer) => {
			size += c.length;
			if (size > maxBytes) {
				req.removeAllListeners('data');
				req.pause();
				resolve(TOO_LARGE);
			} else chunks.push(c);
		});
		req.on('end', () => resolve(parse(chunks)));
		req.on('error', () => resolve(MALFORMED));
	});
}

/** A body that came as text in a socket.io event: the same cap and answers as over HTTP. */
export function readJsonText(text: unknown, maxBytes: number): JsonBody {
	if (typeof text !== 'string') return MALFORMED;
	// A UTF-16 unit is at most 3 UTF-8 bytes: only a long string needs counting.
	if (text.length * 3 > maxBytes && Buffer.byteLength(text) > maxBytes) return TOO_LARGE;
	try {
		return { ok: true, value: JSON.parse(text) };
	} catch {
		return MALFORMED;
	}
}
