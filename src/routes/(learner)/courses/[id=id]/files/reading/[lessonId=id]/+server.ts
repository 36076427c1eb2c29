import type { RequestHandler } from './$types';
import { db } from '$lib/server/db';
import { readingPdfPath } from '$lib/server/courses';
import { parseParamId, requireVisibleCourse, sendStored } from '../../../../course-files.server';

export const GET: RequestHandler = async (event) => {
	const courseId = await requireVisibleCourse(event);
	const lessonId = parseParamId(event.params.lessonId);
	const rel = lessonId === null ? null : await readingPdfPath(db(), courseId, lessonId);
	return sendStored(rel, `inline; filename="reading-${lessonId}.pdf"`);
};
