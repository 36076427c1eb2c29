import type { RequestHandler } from './$types';
import { db } from '$lib/server/db';
import { getCourse } from '$lib/server/courses';
import { allQuestions, attachment, bankExport, XLSX_TYPE } from '$lib/server/quiz/bank';
import { requireCourse } from '../../../teach.server';

/** The course's own live questions in the import template's layout (re-importable). */
export const GET: RequestHandler = async (event) => {
	const { courseId } = await requireCourse(event);
	const [course, questions] = await Promise.all([
		getCourse(db(), courseId),
		allQuestions(db(), courseId)
	]);
	// file names may not carry path separators or quotes
	const title = course!.title.replace(/[\\/:*?"<>|\r\n]+/g, ' ').slice(0, 80);
	return new Response(new Uint8Array(await bankExport(questions)), {
		headers: {
			'content-type': XLSX_TYPE,
			'content-disposition': attachment(`question-bank-${courseId}.xlsx`, `${title}-题库.xlsx`),
			'cache-control': 'no-store'
		}
	});
};
