// Reading a small JSON body with a hard size limit (heartbeats are tiny; a
// 16 KB cap keeps a forged 10 MB body from costing memory or parse time).
export const MAX_BODY_BYTES = 16 * 1024;

export type Body = { ok: true; value: unknown } | { ok: false; status: 400 | 413; code: 'malformed_json' | 'too_large' };

export async function readJson(request: Request, limit = MAX_BODY_BYTES): Promise<Body> {
	const declared = Number(request.headers.get('content-length') ?? 0);
	if (declared > limit) return { ok: false, status: 413, code: 'too_large' };
	if (!request.body) return { ok: false, status: 400, code: 'malformed_json' };
	const reader = request.body.getReader();
	const chunks: Uint8Array[] = [];
	let size = 0;
	for (;;) {
		const { done, value } = await reader.read();
		if (done) break;
		size += value.byteLength;
		if (size > limit) {
			await reader.cancel().catch(() => {});
			return { ok: false, status: 413, code: 'too_large' };
		}
		chunks.push(value);
	}
	try {
		return { ok: true, value: JSON.parse(Buffer.concat(chunks).toString('utf8')) };
	} catch {
		return { ok: false, status: 400, code: 'malformed_json' };
	}
}
