// POST /api/attempts/<id>/submit { key?, answers? } with header Idempotency-Key
// (or `key` in the body) → 200 { attemptId, score, maxScore, passed, replayed, resultUrl }.
// Written once for both transports (../edge/endpoint.ts): a deadline rush is
// thousands of submits in a minute, each retried, so production answers it on
// the node:http fast path; the kit route serves `vite dev`. Idempotent:
// retries and concurrent duplicates return the one graded result.
import { db } from '../db/index.ts';
import type { JsonEndpoint } from '../edge/endpoint.ts';
import { errorBody, reply, type Reply } from '../edge/errors.ts';
import type { Locale } from '../edge/locale.ts';
import { submitAttempt, submitResponse } from './submit.ts';
import { QuizError } from './errors.ts';
import { quizErrorMessage } from './messages.ts';

export const SUBMIT_MAX_BYTES = 64 * 1024;

const ATTEMPT_ID = /^[1-9]\d{0,14}$/;

export const quizErrorReply = (e: QuizError, locale?: Locale): Reply =>
	reply(e.status, errorBody(e.code, quizErrorMessage(e, locale)));

export const submitEndpoint: JsonEndpoint<number> = {
	name: 'quiz-submit',
	path: /^\/api\/attempts\/([^/?#]+)\/submit$/,
	paramName: 'id',
	param: (raw) => (ATTEMPT_ID.test(raw) ? Number(raw) : null),
	notFound: (locale) => quizErrorReply(new QuizError('attempt_not_found'), locale),
	maxBytes: SUBMIT_MAX_BYTES,
	async handle(input) {
		const { user, param, body, header } = input; // input.locale only for an error
		try {
			const value = body.ok ? body.value : null;
			if (typeof value !== 'object' || value === null || Array.isArray(value))
				throw new QuizError('malformed');
			const { key: bodyKey, answers } = value as { key?: unknown; answers?: unknown };
			const key = header('idempotency-key') ?? bodyKey;
			if (typeof key !== 'string') throw new QuizError('bad_key');
			return reply(200, submitResponse(await submitAttempt(db(), user.id, param, key, answers)));
		} catch (e) {
			if (e instanceof QuizError) return quizErrorReply(e, input.locale);
			throw e;
		}
	}
};
