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
import { answerDetached, matchJsonPost, readJsonBody, registerFastPath, send, signedIn } from '../http/fast-path.ts';
import { submitAttempt, submitResponse } from './attempts.ts';
import { QuizError } from './errors.ts';
import { quizErrorMessage } from './messages.ts';

const PATH = /^\/api\/attempts\/([1-9]\d{0,14})\/submit$/;
export const MAX_SUBMIT_BYTES = 64 * 1024;

export function registerSubmitFastPath() {
	registerFastPath(quizSubmitFastPath);
}

/** True when it took the request. */
export function quizSubmitFastPath(req: IncomingMessage, res: ServerResponse): boolean {
	const match = matchJsonPost(req, PATH);
	if (!match) return false;
	answerDetached(res, 'quiz submit fast path', handle(req, res, Number(match[1])));
	return true;
}

async function handle(req: IncomingMessage, res: ServerResponse, attemptId: number) {
	const session = await signedIn(req, res, validateShared);
	if (!session) return;
	const { found, locale } = session;
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

/** The JSON object body, or QuizError malformed (not JSON, not an object, over 64 KB). */
async function readBody(req: IncomingMessage): Promise<{ key?: unknown; answers?: unknown }> {
	const body = await readJsonBody(req, MAX_SUBMIT_BYTES);
	if (!body.ok || typeof body.value !== 'object' || body.value === null || Array.isArray(body.value)) throw new QuizError('malformed');
	return body.value;
}
