// GET /api/lessons/<id>/progress → { position, coverage, completed, watchedRanges }.
import type { RequestHandler } from './$types';
import { guard } from '$lib/server/auth';
import { db } from '$lib/server/db';
import { canViewLesson } from '$lib/server/courses/access';
import { oneLessonProgress } from '$lib/server/progress';
import { fail, ok } from '$lib/server/progress/respond';

export const GET: RequestHandler = async (event) => {
	const user = guard.requireUser(event);
	const lessonId = Number(event.params.id);
	if (!/^\d{1,10}$/.test(event.params.id) || !(await canViewLesson(db(), user, lessonId)))
		return fail(403, 'forbidden');
	const { position, coverage, completed, watchedRanges } = await oneLessonProgress(
		db(),
		user.id,
		lessonId
	);
	return ok({ position, coverage, completed, watchedRanges });
};
