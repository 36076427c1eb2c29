// The learner's quiz pages: the person may see the course, and the quiz is
// this course's and published (a draft is visible only to those who may edit
// the course, as a preview). Unknown, other course's and hidden quizzes: 404.
import { error, type RequestEvent } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages.js';
import { guard } from '$lib/server/auth';
import { db } from '$lib/server/db';
import { canEditCourse, getCourse } from '$lib/server/courses';
import { getQuiz, QuizError, quizErrorMessage } from '$lib/server/quiz';
import { parseParamId, requireVisibleCourse } from '../../../course-files.server';

export async function requireLearnerQuiz(event: RequestEvent<{ id: string; quizId: string }>) {
	const user = guard.requireUser(event);
	const courseId = await requireVisibleCourse(event);
	const quizId = parseParamId(event.params.quizId);
	const quiz = quizId === null ? null : await getQuiz(db(), quizId, courseId);
	if (!quiz || (quiz.status !== 'published' && !(await canEditCourse(db(), user, courseId))))
		error(404, m.quiz_err_not_found());
	const course = await getCourse(db(), courseId);
	return { user, courseId, courseTitle: course!.title, quiz };
}

/** A QuizError as the page's error (404 for unknown/someone else's attempt, else its status). */
export function quizPageError(e: unknown): never {
	if (e instanceof QuizError) error(e.status, quizErrorMessage(e));
	throw e;
}
