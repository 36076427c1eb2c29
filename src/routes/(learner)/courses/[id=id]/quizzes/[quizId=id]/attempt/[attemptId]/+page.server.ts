import { redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { attemptForLearner } from '$lib/server/quiz';
import { parseParamId } from '../../../../../course-files.server';
import { quizPageError, requireLearnerQuiz } from '../../quiz.server';

export const load: PageServerLoad = async (event) => {
	const { user, courseId, quiz } = await requireLearnerQuiz(event);
	const attemptId = parseParamId(event.params.attemptId) ?? 0;
	const view = await attemptForLearner(db(), user.id, quiz.id, attemptId).catch(quizPageError);
	if (view.submitted) redirect(303, `/courses/${courseId}/quizzes/${quiz.id}/result/${view.id}`);
	// Built field by field: the learner paper type has no key and no explanations.
	return {
		course: { id: courseId },
		quiz: { id: quiz.id, title: quiz.title },
		attempt: {
			id: view.id,
			number: view.number,
			dueAt: view.dueAt?.toISOString() ?? null,
			serverNow: new Date().toISOString(),
			paper: view.paper,
			answers: view.answers
		}
	};
};
