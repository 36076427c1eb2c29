// The node:http plumbing shared by the fast paths (progress/fast-path.ts for
// heartbeats, quiz/fast-path.ts for submits): requests the production entry
// (server/index.js) answers before the kit handler. They keep the kit's rules —
// session cookie → 401/403, JSON only, a byte cap, messages in the request's
// language — without its per-request cost. Each domain keeps its own path,
// validation and session-validation policy.
import type { IncomingMessage, ServerResponse } from 'node:http';
import * as sessions from '../auth/sessions.ts';
import { normaliseAcceptLanguage } from '../i18n.ts';
import { m } from '../../paraglide/messages.js';

export type Locale = 'zh-CN' | 'en';
export type FastPath = (req: IncomingMessage, res: ServerResponse) => boolean;

/** Called once at start (kit init hook): server/index.js consults globalThis.__xuefanFastPaths first. Replaces a same-named one (dev reloads). */
export function registerFastPath(fast: FastPath) {
	const g = globalThis as { __xuefanFastPaths?: FastPath[] };
	g.__xuefanFastPaths = [...(g.__xuefanFastPaths ?? []).filter((f) => f.name !== fast.name), fast];
}

/** The path's match for a POST of JSON to it; null (kit answers, with its CSRF check) for anything else. */
export function matchJsonPost(req: IncomingMessage, path: RegExp): RegExpExecArray | null {
	if (req.method !== 'POST' || !req.url) return null;
	const match = path.exec(req.url);
	return match && /^application\/json\b/i.test(req.headers['content-type'] ?? '') ? match : null;
}

/** Lets the answer run on; an unexpected error is logged and answered 500 "retry" if nothing was sent yet. */
export function answerDetached(res: ServerResponse, label: string, work: Promise<unknown>) {
	void work.catch((e) => {
		console.error(label, e);
		if (!res.headersSent) send(res, 500, { error: 'retry', message: m.progress_retry() });
	});
}

/** The signed-in session, or null once 401/403 has been answered. Sets the refreshed cookie. */
export async function signedIn(
	req: IncomingMessage,
	res: ServerResponse,
	validate: (token: string) => Promise<sessions.Validated | null>
): Promise<{ found: sessions.Validated; locale: () => Locale } | null> {
	const cookies = parseCookies(req.headers.cookie ?? '');
	// The language only matters for an error: worked out only then (it builds a Headers object).
	const locale = () => requestLocale(cookies.locale, req.headers['accept-language']);
	const token = cookies[sessions.COOKIE];
	const found = token ? await validate(token) : null;
	if (!found) {
		send(res, 401, { error: 'signed_out', message: m.auth_signed_out({}, { locale: locale() }) }, req);
		return null;
	}
	if (found.user.mustChangePassword) {
		send(res, 403, { error: 'forbidden', message: m.auth_must_change_password({}, { locale: locale() }) }, req);
		return null;
	}
	if (found.refreshed) res.setHeader('set-cookie', sessionCookie(token!, req));
	return { found, locale };
}

/** `req` given when the body may be unread: the connection is closed after the answer. */
export function send(res: ServerResponse, status: number, body: unknown, req?: IncomingMessage) {
	const text = JSON.stringify(body);
	res.writeHead(status, {
		'content-type': 'application/json',
		'content-length': Buffer.byteLength(text),
		'cache-control': 'no-store',
		...(req && !req.complete ? { connection: 'close' } : {})
	});
	res.end(text);
}

export type JsonBody = { ok: true; value: unknown } | { ok: false; tooLarge: boolean };

/** The parsed JSON body, or why not: over `maxBytes` (tooLarge) or not JSON. Stops reading at the cap. */
export function readJsonBody(req: IncomingMessage, maxBytes: number): Promise<JsonBody> {
	if (Number(req.headers['content-length'] ?? 0) > maxBytes) return Promise.resolve({ ok: false, tooLarge: true });
	return new Promise((resolve) => {
		const chunks: Buffer[] = [];
		let size = 0;
		req.on('data', (c: Buffer) => {
			size += c.length;
			if (size > maxBytes) {
				req.removeAllListeners('data');
				req.pause();
				resolve({ ok: false, tooLarge: true });
			} else chunks.push(c);
		});
		req.on('end', () => {
			try {
				resolve({ ok: true, value: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
			} catch {
				resolve({ ok: false, tooLarge: false });
			}
		});
		req.on('error', () => resolve({ ok: false, tooLarge: false }));
	});
}

function parseCookies(header: string): Record<string, string> {
	const out: Record<string, string> = {};
	for (const part of header.split(';')) {
		const i = part.indexOf('=');
		if (i > 0) {
			try {
				out[part.slice(0, i).trim()] = decodeURIComponent(part.slice(i + 1).trim());
			} catch {
				/* a malformed cookie is no cookie */
			}
		}
	}
	return out;
}

/** As the kit hooks decide: locale cookie, else Accept-Language (zh* → zh-CN), else zh-CN. */
export function requestLocale(cookie: string | undefined, acceptLanguage: string | undefined): Locale {
	if (cookie === 'zh-CN' || cookie === 'en') return cookie;
	const header = normaliseAcceptLanguage(new Headers(acceptLanguage ? { 'accept-language': acceptLanguage } : {})).get('accept-language');
	const ranked = (header ?? '')
		.split(',')
		.map((p) => {
			const [tag, ...params] = p.trim().split(';');
			const q = params.map((x) => x.trim()).find((x) => x.startsWith('q='));
			return { tag: tag.toLowerCase(), q: q ? Number(q.slice(2)) : 1 };
		})
		.filter((x) => x.tag && x.q > 0)
		.sort((a, b) => b.q - a.q);
	for (const { tag } of ranked) {
		if (tag === 'zh-cn') return 'zh-CN';
		if (tag === 'en' || tag.startsWith('en-')) return 'en';
	}
	return 'zh-CN';
}

function sessionCookie(token: string, req: IncomingMessage): string {
	const secure = (process.env.ORIGIN ?? '').startsWith('https:') || req.headers['x-forwarded-proto'] === 'https';
	return `${sessions.COOKIE}=${encodeURIComponent(token)}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${sessions.INACTIVITY_SECONDS}${secure ? '; Secure' : ''}`;
}
