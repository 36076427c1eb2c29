import type { PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { getCourse } from '$lib/server/courses';
import { listQuizzes } from '$lib/server/quiz';
import { requireCourse } from '../../teach.server';

export const load: PageServerLoad = async (event) => {
	const { courseId } = await requireCourse(event);
	const [course, quizzes] = await Promise.all([
		getCourse(db(), courseId),
		listQuizzes(db(), courseId)
	]);
	return { course: { id: courseId, title: course!.title }, quizzes };
};
