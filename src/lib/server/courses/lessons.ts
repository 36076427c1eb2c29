// A course's ordered lessons. Positions stay dense (0, 1, 2, …): every change
// locks the course row first, and the unique (course_id, position) is
// deferred, so a swap can pass through a duplicate inside its transaction.
import * as limits from '../../api/limits.ts';
import type { Db } from '../db/index.ts';
import { inTransaction } from '../db/tx.ts';
import { CourseError } from './errors.ts';
import { removeStored } from './files.ts';
import { checkTitle } from './validation.ts';
import { isId } from '../../api/ids.ts';

export const LESSONS_MAX = limits.course.lessons;

export type MediaStatus = 'uploaded' | 'validated' | 'transcoding' | 'ready' | 'failed';

export interface LessonRow {
	id: number;
	courseId: number;
	position: number;
	title: string;
	durationSeconds: number | null;
	mediaId: string | null;
	mediaStatus: MediaStatus | null;
	mediaProgress: number | null;
	mediaError: string | null;
	hasReading: boolean;
	hasPdf: boolean;
	captionCount: number;
}

const lessonColumns = (sql: Db) => sql`
	l.id, l.course_id as "courseId", l.position, l.title, l.duration_seconds as "durationSeconds",
	l.media_id as "mediaId", a.status as "mediaStatus", a.progress::float8 as "mediaProgress", a.error as "mediaError",
	l.reading_html <> '' as "hasReading", l.reading_pdf_path is not null as "hasPdf",
	(select count(*) from lesson_captions c where c.lesson_id = l.id)::int as "captionCount"`;

export async function listLessons(sql: Db, courseId: number): Promise<LessonRow[]> {
	return sql<LessonRow[]>`
		select ${lessonColumns(sql)} from lessons l left join media_assets a on a.id = l.media_id
		where l.course_id = ${courseId} order by l.position`;
}

export async function getLesson(sql: Db, lessonId: number): Promise<LessonRow | null> {
	if (!isId(lessonId)) return null;
	const [row] = await sql<LessonRow[]>`
		select ${lessonColumns(sql)} from lessons l left join media_assets a on a.id = l.media_id where l.id = ${lessonId}`;
	return row ?? null;
}

async function lockCourse(tx: Db, courseId: number): Promise<string> {
	const [row] = await tx<
		{ status: string }[]
	>`select status from courses where id = ${courseId} for update`;
	if (!row) throw new CourseError('not_found');
	return row.status;
}

/** Appends a lesson (title only; media, reading and captions come later). */
export async function addLesson(sql: Db, courseId: number, title: unknown): Promise<number> {
	const clean = checkTitle(title);
	return inTransaction(sql, async (tx) => {
		await lockCourse(tx, courseId);
		const [{ n }] = await tx<
			{ n: number }[]
		>`select count(*)::int as n from lessons where course_id = ${courseId}`;
		if (n >= LESSONS_MAX) throw new CourseError('lessons_too_many', { max: LESSONS_MAX });
		const [{ id }] = await tx<{ id: number }[]>`
			insert into lessons (course_id, position, title) values (${courseId}, ${n}, ${clean}) returning id`;
		await tx`update courses set updated_at = now() where id = ${courseId}`;
		return id;
	});
}

export async function renameLesson(
	sql: Db,
	courseId: number,
	lessonId: number,
	title: unknown
): Promise<void> {
	const clean = checkTitle(title);
	const rows = await sql`
		update lessons set title = ${clean}, updated_at = now()
		where id = ${lessonId} and course_id = ${courseId} returning id`;
	if (!rows.length) throw new CourseError('lesson_not_found');
}

/** Swaps the lesson with its neighbour above (-1) or below (+1); at either end nothing changes. */
export async function moveLesson(
	sql: Db,
	courseId: number,
	lessonId: number,
	direction: -1 | 1
): Promise<void> {
	await inTransaction(sql, async (tx) => {
		await lockCourse(tx, courseId);
		const [me] = await tx<{ position: number }[]>`
			select position from lessons where id = ${lessonId} and course_id = ${courseId}`;
		if (!me) throw new CourseError('lesson_not_found');
		const target = me.position + direction;
		const [other] = await tx<{ id: number }[]>`
			select id from lessons where course_id = ${courseId} and position = ${target}`;
		if (!other) return;
		await tx`update lessons set position = ${target} where id = ${lessonId}`;
		await tx`update lessons set position = ${me.position} where id = ${other.id}`;
		await tx`update courses set updated_at = now() where id = ${courseId}`;
	});
}

/**
 * Deletes a lesson of a draft course and closes the gap. Lessons of published
 * or archived courses may carry learners' progress and credit: refused.
 */
export async function deleteLesson(sql: Db, courseId: number, lessonId: number): Promise<void> {
	const files = await inTransaction(sql, async (tx) => {
		const status = await lockCourse(tx, courseId);
		const [me] = await tx<{ position: number }[]>`
			select position from lessons where id = ${lessonId} and course_id = ${courseId}`;
		if (!me) throw new CourseError('lesson_not_found');
		if (status !== 'draft') throw new CourseError('lesson_delete_not_draft');
		const paths = await tx<{ path: string | null }[]>`
			select reading_pdf_path as path from lessons where id = ${lessonId}
			union all select path from lesson_captions where lesson_id = ${lessonId}`;
		await tx`delete from lessons where id = ${lessonId}`;
		await tx`update lessons set position = position - 1 where course_id = ${courseId} and position > ${me.position}`;
		await tx`update courses set updated_at = now() where id = ${courseId}`;
		return paths.map((p) => p.path);
	});
	// Files go only after the rows are gone for good.
	for (const path of files) await removeStored(path);
}
