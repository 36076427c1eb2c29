// PUT (or POST) /api/attempts/:id/answers { answers: { "<questionId>": [optionIds] } }
// → 200 { savedAt, dueAt }. Autosave: replaces the saved answers of the
// person's own open attempt. 400 bad answers, 404 not theirs, 409 time up / submitted.
import type { RequestHandler } from './$types';
import { guard } from '$lib/server/auth';
import { db } from '$lib/server/db';
import { QuizError, saveAnswers } from '$lib/server/quiz';
import * as edge from '$lib/server/edge';
import { quizJson, quizRespond } from '$lib/server/quiz/respond';
import { SUBMIT_MAX_BYTES } from '$lib/server/quiz/submit-endpoint';
import { attemptIdParam } from '../../attempt-param';

const save: RequestHandler = async (event) => {
	const user = guard.requireUser(event);
	return quizRespond(async () => {
		const attemptId = attemptIdParam(event.params.id);
		const body = await edge.readJsonRequest(event.request, SUBMIT_MAX_BYTES);
		if (!body.ok || typeof body.value !== 'object' || body.value === null)
			throw new QuizError('malformed');
		const saved = await saveAnswers(
			db(),
			user.id,
			attemptId,
			(body.value as { answers?: unknown }).answers
		);
		return quizJson({
			savedAt: saved.savedAt.toISOString(),
			dueAt: saved.dueAt?.toISOString() ?? null
		});
	});
};

export const PUT = save;
export const POST = save;
