import type { RequestHandler } from './$types';
import { db } from '$lib/server/db';
import { coverPath } from '$lib/server/courses';
import { requireVisibleCourse, sendStored } from '../../course-files.server';

export const GET: RequestHandler = async (event) => {
	const courseId = await requireVisibleCourse(event);
	return sendStored(await coverPath(db(), courseId));
};
