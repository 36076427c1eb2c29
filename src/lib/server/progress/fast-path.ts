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
import { answerDetached, matchJsonPost, readJsonBody, registerFastPath, send, signedIn, type Locale } from '../http/fast-path.ts';
import { MAX_BODY_BYTES } from './body.ts';
import { errorBody, type ErrorCode } from './respond.ts';
import { submitHeartbeat } from './service.ts';
import type { HeartbeatItem } from './types.ts';
import { checkHeartbeat } from './validate.ts';

const PATH = /^\/api\/playbacks\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/heartbeats$/i;

export function registerHeartbeatFastPath() {
	registerFastPath(heartbeatFastPath);
}

/** True when it took the request. */
export function heartbeatFastPath(req: IncomingMessage, res: ServerResponse): boolean {
	const match = matchJsonPost(req, PATH);
	if (!match) return false;
	answerDetached(res, 'heartbeat fast path', handle(req, res, match[1].toLowerCase()));
	return true;
}

async function handle(req: IncomingMessage, res: ServerResponse, playbackId: string) {
	const session = await signedIn(req, res, validateCached);
	if (!session) return;
	const { found, locale } = session;
	const body = await readJsonBody(req, MAX_BODY_BYTES);
	if (!body.ok) return body.tooLarge ? fail(res, 413, 'too_large', locale(), req) : fail(res, 400, 'malformed_json', locale(), req);
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
