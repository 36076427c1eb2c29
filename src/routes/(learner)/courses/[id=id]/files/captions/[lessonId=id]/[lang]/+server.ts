import type { RequestHandler } from './$types';
import { db } from '$lib/server/db';
import { CAPTION_LANG, captionPath } from '$lib/server/courses';
import { parseParamId, requireVisibleCourse, sendStored } from '../../../../../course-files.server';

export const GET: RequestHandler = async (event) => {
	const courseId = await requireVisibleCourse(event);
	const lessonId = parseParamId(event.params.lessonId);
	const lang = event.params.lang;
	const rel =
		lessonId === null || !CAPTION_LANG.test(lang)
			? null
			: await captionPath(db(), courseId, lessonId, lang);
	return sendStored(rel);
};
