import { redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { formatBeijing, mayReveal, quizIntro, resultForLearner } from '$lib/server/quiz';
import { parseParamId } from '../../../../../course-files.server';
import { quizPageError, requireLearnerQuiz } from '../../quiz.server';

export const load: PageServerLoad = async (event) => {
	const { user, courseId, quiz } = await requireLearnerQuiz(event);
	const attemptId = parseParamId(event.params.attemptId) ?? 0;
	const result = await resultForLearner(db(), user.id, quiz, attemptId).catch(quizPageError);
	if (!result) redirect(303, `/courses/${courseId}/quizzes/${quiz.id}/attempt/${attemptId}`);
	const intro = await quizIntro(db(), user.id, quiz);
	const now = new Date();
	return {
		course: { id: courseId },
		quiz: {
			id: quiz.id,
			title: quiz.title,
			passPercent: quiz.passPercent,
			partialCredit: quiz.partialCredit,
			resultsPolicy: quiz.resultsPolicy,
			revealAt:
				quiz.resultsPolicy === 'after_deadline' &&
				!mayReveal(quiz.resultsPolicy, quiz.closesAt, now)
					? formatBeijing(quiz.closesAt)
					: null
		},
		result: {
			attemptId: result.attemptId,
			number: result.number,
			score: result.score,
			maxScore: result.maxScore,
			percent: result.percent,
			passed: result.passed,
			submittedAt: formatBeijing(result.submittedAt),
			byDeadline: result.submittedBy === 'deadline',
			reveal: result.reveal,
			questions:
				result.questions?.map((q) => ({
					questionId: q.questionId,
					kind: q.kind,
					stem: q.stem,
					points: q.points,
					awarded: q.awarded,
					correct: q.correct,
					options: q.options.map((o) => ({ id: o.id, text: o.text, chosen: o.chosen, key: o.key })),
					explanation: q.explanation
				})) ?? null
		},
		canRetry:
			quiz.status === 'published' &&
			!intro.passed &&
			(intro.left === null || intro.left > 0) &&
			!(quiz.closesAt && now >= quiz.closesAt),
		left: intro.left
	};
};
