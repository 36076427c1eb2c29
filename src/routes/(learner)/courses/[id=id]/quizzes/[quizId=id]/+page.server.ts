import { withZone } from '$lib/server/clock';
import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import {
	formatBeijing,
	QuizError,
	quizErrorMessage,
	quizIntro,
	scheduleDeadline,
	startAttempt
} from '$lib/server/quiz';
import { requireLearnerQuiz } from './quiz.server';

export const load: PageServerLoad = async (event) => {
	const { user, courseId, courseTitle, quiz } = await requireLearnerQuiz(event);
	const intro = await quizIntro(db(), user.id, quiz);
	const questions =
		quiz.mode === 'random' ? quiz.rules.reduce((n, r) => n + r.count, 0) : quiz.questions.length;
	const maxScore =
		quiz.mode === 'random'
			? quiz.rules.reduce((n, r) => n + r.count * r.points, 0)
			: quiz.questions.reduce((n, q) => n + q.points, 0);
	const now = new Date();
	return {
		course: { id: courseId, title: courseTitle },
		quiz: {
			id: quiz.id,
			title: quiz.title,
			status: quiz.status,
			questions,
			maxScore,
			timeLimitMinutes: quiz.timeLimitSeconds ? quiz.timeLimitSeconds / 60 : null,
			maxAttempts: quiz.maxAttempts,
			passPercent: quiz.passPercent,
			resultsPolicy: quiz.resultsPolicy,
			required: quiz.required,
			// labelled with the zone (北京时间): these are deadlines
			opensAt: quiz.opensAt ? withZone(formatBeijing(quiz.opensAt)) : '',
			closesAt: quiz.closesAt ? withZone(formatBeijing(quiz.closesAt)) : '',
			notOpenYet: !!quiz.opensAt && now < quiz.opensAt,
			closed: !!quiz.closesAt && now >= quiz.closesAt
		},
		intro: {
			attempts: intro.attempts.map((a) => ({
				id: a.id,
				number: a.number,
				submitted: a.submittedAt !== null,
				submittedAt: formatBeijing(a.submittedAt),
				score: a.score,
				maxScore: a.maxScore,
				passed: a.passed
			})),
			used: intro.used,
			left: intro.left,
			openAttemptId: intro.openAttemptId,
			passed: intro.passed
		}
	};
};

export const actions: Actions = {
	start: async (event) => {
		const { user, courseId, quiz } = await requireLearnerQuiz(event);
		let started;
		try {
			started = await startAttempt(db(), user.id, quiz.id);
		} catch (e) {
			if (e instanceof QuizError) return fail(e.status, { error: quizErrorMessage(e) });
			throw e;
		}
		if (!started.resumed) await scheduleDeadline(started.dueAt);
		redirect(303, `/courses/${courseId}/quizzes/${quiz.id}/attempt/${started.attemptId}`);
	}
};
