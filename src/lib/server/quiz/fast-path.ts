// The submit fast path: POST /api/attempts/<id>/submit answered by the
// production entry (server/index.js) straight from node:http, before the kit
// handler — as the heartbeat fast path does (see progress/fast-path.ts). A
// deadline rush is thousands of submits in a minute, each retried; the kit
// pipeline (Request objects, hooks, the i18n middleware) would cost more CPU
// than a replayed submit itself. Same rules as the kit route
// (src/routes/api/attempts/[id]/submit/+server.ts, used in `vite dev`):
// session cookie (validated for every request; concurrent duplicates share
// the one validation in flight) → 401/403, JSON only (anything else
// goes to kit and its CSRF check), 64 KB, the same module call and answers,
// errors in the request's language.
import type { IncomingMessage, ServerResponse } from 'node:http';
import * as sessions from '../auth/sessions.ts';
import { db } from '../db/index.ts';
import { m } from '../../paraglide/messages.js';
import { requestLocale } from '../progress/fast-path.ts';
import { submitAttempt, submitResponse } from './attempts.ts';
import { QuizError } from './errors.ts';
import { quizErrorMessage } from './messages.ts';

const PATH = /^\/api\/attempts\/([1-9]\d{0,14})\/submit$/;
export const MAX_SUBMIT_BYTES = 64 * 1024;

type FastPath = (req: IncomingMessage, res: ServerResponse) => boolean;

/** Called once at start (kit init hook): server/index.js consults globalThis.__xuefanFastPaths first. */
export function registerSubmitFastPath() {
	const g = globalThis as { __xuefanFastPaths?: FastPath[] };
	g.__xuefanFastPaths = [...(g.__xuefanFastPaths ?? []).filter((f) => f.name !== 'quizSubmitFastPath'), quizSubmitFastPath];
}

/** True when it took the request. */
export function quizSubmitFastPath(req: IncomingMessage, res: ServerResponse): boolean {
	if (req.method !== 'POST' || !req.url) return false;
	const match = PATH.exec(req.url);
	if (!match || !/^application\/json\b/i.test(req.headers['content-type'] ?? '')) return false;
	void handle(req, res, Number(match[1])).catch((e) => {
		console.error('quiz submit fast path', e);
		if (!res.headersSent) send(res, 500, { error: 'retry', message: m.progress_retry() });
	});
	return true;
}

async function handle(req: IncomingMessage, res: ServerResponse, attemptId: number) {
	const cookies = parseCookies(req.headers.cookie ?? '');
	const locale = () => requestLocale(cookies.locale, req.headers['accept-language']);
	const token = cookies[sessions.COOKIE];
	const found = token ? await validateShared(token) : null;
	if (!found) return send(res, 401, { error: 'signed_out', message: m.auth_signed_out({}, { locale: locale() }) }, req);
	if (found.user.mustChangePassword) return send(res, 403, { error: 'forbidden', message: m.auth_must_change_password({}, { locale: locale() }) }, req);
	if (found.refreshed) res.setHeader('set-cookie', sessionCookie(token!, req));
	try {
		const value = await readBody(req);
		const header = req.headers['idempotency-key'];
		const key = typeof header === 'string' ? header : value.key;
		if (typeof key !== 'string') throw new QuizError('bad_key');
		const r = await submitAttempt(db(), found.user.id, attemptId, key, value.answers);
		send(res, 200, submitResponse(r));
	} catch (e) {
		if (!(e instanceof QuizError)) throw e;
		send(res, e.status, { error: e.code, message: quizErrorMessage(e, locale()) }, req);
	}
}

// Concurrent requests with the same session token (a submit's duplicates
// arrive together) share one validation while it is in flight. Nothing is
// remembered after it settles: every later request validates afresh.
const validating = new Map<string, Promise<sessions.Validated | null>>();

function validateShared(token: string): Promise<sessions.Validated | null> {
	const running = validating.get(token);
	if (running) return running.then((v) => (v ? { ...v, refreshed: false } : null));
	const p = sessions.validate(db(), token).finally(() => validating.delete(token));
	validating.set(token, p);
	return p;
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

/** The JSON object body, or QuizError malformed (not JSON, not an object, over 64 KB). */
function readBody(req: IncomingMessage): Promise<{ key?: unknown; answers?: unknown }> {
	if (Number(req.headers['content-length'] ?? 0) > MAX_SUBMIT_BYTES) return Promise.reject(new QuizError('malformed'));
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		req.on('data', (c: Buffer) => {
			size += c.length;
			if (size > MAX_SUBMIT_BYTES) {
				req.removeAllListeners('data');
				req.pause();
				reject(new QuizError('malformed'));
			} else chunks.push(c);
		});
		req.on('end', () => {
			try {
				const value = JSON.parse(Buffer.concat(chunks).toString('utf8'));
				if (typeof value !== 'object' || value === null || Array.isArray(value)) reject(new QuizError('malformed'));
				else resolve(value);
			} catch {
				reject(new QuizError('malformed'));
			}
		});
		req.on('error', () => reject(new QuizError('malformed')));
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

function sessionCookie(token: string, req: IncomingMessage): string {
	const secure = (process.env.ORIGIN ?? '').startsWith('https:') || req.headers['x-forwarded-proto'] === 'https';
	return `${sessions.COOKIE}=${encodeURIComponent(token)}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${sessions.INACTIVITY_SECONDS}${secure ? '; Secure' : ''}`;
}
