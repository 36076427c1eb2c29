// POST /api/attempts/:id/submit { key?, answers? } with header Idempotency-Key
// (or `key` in the body) → 200 { attemptId, score, maxScore, passed, replayed, resultUrl }.
// Idempotent: retries and concurrent duplicates return the one graded result.
// In production the same request is answered by the fast path
// ($lib/server/quiz/fast-path.ts) before the kit handler; this route serves
// `vite dev` and anything the fast path declines.
import type { RequestHandler } from './$types';
import { guard } from '$lib/server/auth';
import { db } from '$lib/server/db';
import { QuizError, submitAttempt, submitResponse } from '$lib/server/quiz';
import { readJson } from '$lib/server/progress/body';
import { quizJson, quizRespond } from '$lib/server/quiz/respond';
import { attemptIdParam } from '../../attempt-param';

export const POST: RequestHandler = async (event) => {
	const user = guard.requireUser(event);
	return quizRespond(async () => {
		const attemptId = attemptIdParam(event.params.id);
		const body = await readJson(event.request, 64 * 1024);
		if (!body.ok || typeof body.value !== 'object' || body.value === null || Array.isArray(body.value)) throw new QuizError('malformed');
		const value = body.value as { key?: unknown; answers?: unknown };
		const key = event.request.headers.get('idempotency-key') ?? value.key;
		if (typeof key !== 'string') throw new QuizError('bad_key');
		const r = await submitAttempt(db(), user.id, attemptId, key, value.answers);
		return quizJson(submitResponse(r));
	});
};
