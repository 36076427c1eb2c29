// The heartbeat fast path: POST /api/playbacks/<id>/heartbeats answered by the
// production entry (server/index.js) straight from node:http, before the
// SvelteKit handler. Heartbeats are the one high-rate request (45,000 learners
// → 4,500/s); the kit pipeline (Request objects, hooks, middleware) costs
// several times the work of the heartbeat itself on this machine. Same rules
// as the kit route (src/routes/api/playbacks/[id]/heartbeats/+server.ts, used
// in `vite dev` and whenever this path declines): session cookie → 401/403,
// JSON only (anything else goes to kit and its CSRF check), 16 KB, the same
// validation, group commit and answers, messages in the request's language.
import type { IncomingMessage, ServerResponse } from 'node:http';
import * as sessions from '../auth/sessions.ts';
import { db } from '../db/index.ts';
import { normaliseAcceptLanguage } from '../i18n.ts';
import { m } from '../../paraglide/messages.js';
import { MAX_BODY_BYTES } from './body.ts';
import { errorBody, type ErrorCode, type Locale } from './respond.ts';
import { submitHeartbeat } from './service.ts';
import type { HeartbeatItem } from './types.ts';
import { checkHeartbeat } from './validate.ts';

const PATH = /^\/api\/playbacks\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/heartbeats$/i;

type FastPath = (req: IncomingMessage, res: ServerResponse) => boolean;

/** Called once at start (kit init hook): server/index.js consults globalThis.__xuefanFastPaths first. */
export function registerHeartbeatFastPath() {
	const g = globalThis as { __xuefanFastPaths?: FastPath[] };
	g.__xuefanFastPaths = [...(g.__xuefanFastPaths ?? []).filter((f) => f.name !== 'heartbeatFastPath'), heartbeatFastPath];
}

/** True when it took the request. */
export function heartbeatFastPath(req: IncomingMessage, res: ServerResponse): boolean {
	if (req.method !== 'POST' || !req.url) return false;
	const match = PATH.exec(req.url);
	if (!match || !/^application\/json\b/i.test(req.headers['content-type'] ?? '')) return false;
	void handle(req, res, match[1].toLowerCase()).catch((e) => {
		console.error('heartbeat fast path', e);
		if (!res.headersSent) send(res, 500, { error: 'retry', message: m.progress_retry() });
	});
	return true;
}

async function handle(req: IncomingMessage, res: ServerResponse, playbackId: string) {
	const cookies = parseCookies(req.headers.cookie ?? '');
	// The language only matters for an error: worked out only then (it builds a Headers object).
	const locale = () => requestLocale(cookies.locale, req.headers['accept-language']);
	const token = cookies[sessions.COOKIE];
	const found = token ? await validateCached(token) : null;
	if (!found) return send(res, 401, { error: 'signed_out', message: m.auth_signed_out({}, { locale: locale() }) }, req);
	if (found.user.mustChangePassword) return send(res, 403, { error: 'forbidden', message: m.auth_must_change_password({}, { locale: locale() }) }, req);
	if (found.refreshed) res.setHeader('set-cookie', sessionCookie(token!, req));
	const body = await readBody(req);
	if (!body.ok) return fail(res, body.status, body.code, locale(), req);
	const input = checkHeartbeat(body.value);
	if (!input.ok) return fail(res, 400, input.code, locale());
	let outcome;
	try {
		const item = input.value as HeartbeatItem;
		item.playbackId = playbackId;
		item.userId = found.user.id;
		outcome = await submitHeartbeat(item);
	} catch (e) {
		console.error('heartbeat batch failed', e);
		return fail(res, 503, 'retry', locale());
	}
	if (!outcome.ok) return fail(res, outcome.status, outcome.code, locale());
	const { credited: _c, replay: _r, ...result } = outcome.result;
	send(res, 200, result);
}

// Validated sessions are remembered for SESSION_CACHE_MS: at 4,500 heartbeats/s
// a session query per heartbeat would be most of the database's work (and on
// this machine a third of the app's CPU, in socket writes). The price: signing
// out or disabling an account stops heartbeats up to that much later (pages
// and every other request still validate each time). Only the exact token hits.
const SESSION_CACHE_MS = 30_000;
const SESSION_CACHE_MAX = 100_000;
const sessionCache = new Map<string, { found: sessions.Validated; at: number }>();

async function validateCached(token: string): Promise<sessions.Validated | null> {
	const hit = sessionCache.get(token);
	const now = Date.now();
	if (hit && now - hit.at < SESSION_CACHE_MS) return { ...hit.found, refreshed: false };
	const found = await sessions.validate(db(), token);
	if (sessionCache.size >= SESSION_CACHE_MAX) sessionCache.clear();
	if (found) sessionCache.set(token, { found, at: now });
	else sessionCache.delete(token);
	return found;
}

function fail(res: ServerResponse, status: number, code: ErrorCode, locale: Locale, req?: IncomingMessage) {
	send(res, status, errorBody(code, locale), req);
}

/** `req` given when the body may be unread: the connection is closed after the answer. */
function send(res: ServerResponse, status: number, body: unknown, req?: IncomingMessage) {
	const text = JSON.stringify(body);
	res.writeHead(status, {
		'content-type': 'application/json',
		'content-length': Buffer.byteLength(text),
		'cache-control': 'no-store',
		...(req && !req.complete ? { connection: 'close' } : {})
	});
	res.end(text);
}

type Body = { ok: true; value: unknown } | { ok: false; status: 400 | 413; code: 'malformed_json' | 'too_large' };

function readBody(req: IncomingMessage): Promise<Body> {
	if (Number(req.headers['content-length'] ?? 0) > MAX_BODY_BYTES) return Promise.resolve({ ok: false, status: 413, code: 'too_large' });
	return new Promise((resolve) => {
		const chunks: Buffer[] = [];
		let size = 0;
		req.on('data', (c: Buffer) => {
			size += c.length;
			if (size > MAX_BODY_BYTES) {
				req.removeAllListeners('data');
				req.pause();
				resolve({ ok: false, status: 413, code: 'too_large' });
			} else chunks.push(c);
		});
		req.on('end', () => {
			try {
				resolve({ ok: true, value: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
			} catch {
				resolve({ ok: false, status: 400, code: 'malformed_json' });
			}
		});
		req.on('error', () => resolve({ ok: false, status: 400, code: 'malformed_json' }));
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
