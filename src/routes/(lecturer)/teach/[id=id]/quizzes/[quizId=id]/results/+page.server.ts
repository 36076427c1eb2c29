import type { PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { quizStats } from '$lib/server/quiz';
import { requireQuiz } from '../../quiz-form.server';

export const load: PageServerLoad = async (event) => {
	const { courseId, quiz } = await requireQuiz(event);
	const stats = await quizStats(db(), quiz);
	return {
		course: { id: courseId },
		quiz: { id: quiz.id, title: quiz.title, passPercent: quiz.passPercent },
		stats: {
			attempts: stats.attempts,
			people: stats.people,
			passedPeople: stats.passedPeople,
			passRate: stats.passRate,
			averagePercent: stats.averagePercent,
			bands: stats.bands,
			questions: stats.questions.map((q) => ({
				questionId: q.questionId,
				kind: q.kind,
				stem: q.stem,
				shown: q.shown,
				correct: q.correct,
				topWrong: q.topWrong
			}))
		}
	};
};
