// URLs of course files and what the player page shows beside the video
// (reading and captions). The file routes under /courses/[id]/… check
// canViewCourse and then look the stored path up here.
import type { Db } from '../db/index.ts';

export const coverUrl = (courseId: number, version?: Date | string | number) =>
	`/courses/${courseId}/cover${version ? `?v=${new Date(version).getTime()}` : ''}`;
export const readingPdfUrl = (courseId: number, lessonId: number) =>
	`/courses/${courseId}/files/reading/${lessonId}`;
export const captionUrl = (courseId: number, lessonId: number, lang: string) =>
	`/courses/${courseId}/files/captions/${lessonId}/${lang}`;

export interface CaptionTrack {
	lang: string;
	label: string;
	url: string;
}

export interface LessonExtras {
	courseId: number;
	/** Already sanitised when stored (sanitize.ts); render with {@html}. */
	readingHtml: string;
	pdfUrl: string | null;
	captions: CaptionTrack[];
}

/** Reading and captions of a lesson, for the player page (access checked by the caller). */
export async function lessonExtras(sql: Db, lessonId: number): Promise<LessonExtras | null> {
	const [row] = await sql<{ courseId: number; readingHtml: string; hasPdf: boolean }[]>`
		select course_id as "courseId", reading_html as "readingHtml", reading_pdf_path is not null as "hasPdf"
		from lessons where id = ${lessonId}`;
	if (!row) return null;
	const caps = await sql<{ lang: string; label: string }[]>`
		select lang, label from lesson_captions where lesson_id = ${lessonId} order by lang`;
	return {
		courseId: row.courseId,
		readingHtml: row.readingHtml,
		pdfUrl: row.hasPdf ? readingPdfUrl(row.courseId, lessonId) : null,
		captions: caps.map((c) => ({ ...c, url: captionUrl(row.courseId, lessonId, c.lang) }))
	};
}

export async function coverPath(sql: Db, courseId: number): Promise<string | null> {
	const [row] = await sql<
		{ path: string | null }[]
	>`select cover_path as path from courses where id = ${courseId}`;
	return row?.path ?? null;
}

export async function readingPdfPath(
	sql: Db,
	courseId: number,
	lessonId: number
): Promise<string | null> {
	const [row] = await sql<{ path: string | null }[]>`
		select reading_pdf_path as path from lessons where id = ${lessonId} and course_id = ${courseId}`;
	return row?.path ?? null;
}

export async function captionPath(
	sql: Db,
	courseId: number,
	lessonId: number,
	lang: string
): Promise<string | null> {
	const [row] = await sql<{ path: string }[]>`
		select c.path from lesson_captions c join lessons l on l.id = c.lesson_id
		where c.lesson_id = ${lessonId} and l.course_id = ${courseId} and c.lang = ${lang}`;
	return row?.path ?? null;
}

export async function listCaptions(
	sql: Db,
	lessonId: number
): Promise<{ lang: string; label: string }[]> {
	return sql<
		{ lang: string; label: string }[]
	>`select lang, label from lesson_captions where lesson_id = ${lessonId} order by lang`;
}

export async function readingOf(
	sql: Db,
	lessonId: number
): Promise<{ html: string; hasPdf: boolean } | null> {
	const [row] = await sql<{ html: string; hasPdf: boolean }[]>`
		select reading_html as html, reading_pdf_path is not null as "hasPdf" from lessons where id = ${lessonId}`;
	return row ?? null;
}
