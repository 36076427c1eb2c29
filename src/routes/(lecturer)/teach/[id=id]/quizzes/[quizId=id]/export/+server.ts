// GET …/quizzes/:quizId/export → the results as .xlsx (streamed).
import type { RequestHandler } from './$types';
import { m } from '$lib/paraglide/messages.js';
import { db } from '$lib/server/db';
import { exportResults, XLSX_TYPE } from '$lib/server/quiz';
import { requireQuiz } from '../../quiz-form.server';

export const GET: RequestHandler = async (event) => {
	const { quiz } = await requireQuiz(event);
	const body = exportResults(db(), quiz, {
		attempts: m.quiz_export_sheet_attempts(),
		questions: m.quiz_export_sheet_questions(),
		attemptHeaders: m.quiz_export_attempt_headers().split('|'),
		questionHeaders: m.quiz_export_question_headers().split('|'),
		yes: m.quiz_yes(),
		no: m.quiz_no(),
		byDeadline: m.quiz_by_deadline(),
		byLearner: m.quiz_by_learner()
	});
	const name = `${quiz.title}-${m.quiz_export_suffix()}.xlsx`;
	return new Response(body, {
		headers: {
			'content-type': XLSX_TYPE,
			'content-disposition': `attachment; filename="quiz-${quiz.id}-results.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`,
			'cache-control': 'no-store'
		}
	});
};
