// Courses: create, edit details and settings, status changes, lecturers'
// lists. Access is checked by the caller (access.ts) before any of these.
import type { Db } from '../db/index.ts';
import type { SessionUser } from '../auth/types.ts';
import { inTransaction } from '../db/tx.ts';
import { CourseError } from './errors.ts';
import { checkCourseInput, checkSettings, type CourseSettings } from './validation.ts';
import { isId } from '../../api/ids.ts';

export type CourseStatus = 'draft' | 'published' | 'archived';

export interface Course {
	id: number;
	title: string;
	description: string;
	category: string;
	status: CourseStatus;
	hasCover: boolean;
	completionRatio: number;
	maxCreditedRate: number;
	presenceCheck: boolean;
	createdAt: Date;
	updatedAt: Date;
	publishedAt: Date | null;
	lecturers: { id: number; name: string }[];
}

export interface MyCourse {
	id: number;
	title: string;
	category: string;
	status: CourseStatus;
	lessonCount: number;
	readyCount: number;
	updatedAt: Date;
}

const lecturersOf = (sql: Db, courseId: number) => sql<{ id: number; name: string }[]>`
	select u.id, u.name from course_lecturers l join users u on u.id = l.user_id
	where l.course_id = ${courseId} order by u.name, u.id`;

export async function getCourse(sql: Db, courseId: number): Promise<Course | null> {
	if (!isId(courseId)) return null;
	const [row] = await sql`
		select id, title, description, category, status, cover_path is not null as "hasCover",
			completion_ratio::float8 as "completionRatio", max_credited_rate::float8 as "maxCreditedRate",
			presence_check as "presenceCheck", created_at as "createdAt", updated_at as "updatedAt",
			published_at as "publishedAt"
		from courses where id = ${courseId}`;
	if (!row) return null;
	return {
		...(row as Omit<Course, 'lecturers'>),
		lecturers: [...(await lecturersOf(sql, courseId))]
	};
}

/** A new draft course; the creator becomes its lecturer when they hold the lecturer role. */
export async function createCourse(
	sql: Db,
	user: Pick<SessionUser, 'id' | 'roles'>,
	input: { title?: unknown; description?: unknown; category?: unknown }
): Promise<number> {
	const c = checkCourseInput(input);
	const create = async (tx: Db) => {
		const [{ id }] = await tx<{ id: number }[]>`
			insert into courses (title, description, category, created_by)
			values (${c.title}, ${c.description}, ${c.category}, ${user.id}) returning id`;
		if (user.roles.includes('lecturer')) {
			await tx`insert into course_lecturers (course_id, user_id) values (${id}, ${user.id})`;
		}
		return id;
	};
	return inTransaction(sql, create);
}

export async function updateCourse(
	sql: Db,
	courseId: number,
	input: { title?: unknown; description?: unknown; category?: unknown }
): Promise<void> {
	const c = checkCourseInput(input);
	const rows = await sql`
		update courses set title = ${c.title}, description = ${c.description}, category = ${c.category}, updated_at = now()
		where id = ${courseId} returning id`;
	if (!rows.length) throw new CourseError('not_found');
}

export async function updateSettings(
	sql: Db,
	courseId: number,
	input: { completionRatio: unknown; maxCreditedRate: unknown; presenceCheck: unknown }
): Promise<CourseSettings> {
	const s = checkSettings(input);
	const rows = await sql`
		update courses set completion_ratio = ${s.completionRatio}, max_credited_rate = ${s.maxCreditedRate},
			presence_check = ${s.presenceCheck}, updated_at = now()
		where id = ${courseId} returning id`;
	if (!rows.length) throw new CourseError('not_found');
	return s;
}

const ALLOWED: Record<CourseStatus, CourseStatus[]> = {
	draft: ['published'],
	published: ['archived'],
	archived: ['published']
};

/**
 * Moves a course along draft → published → archived → published. Publishing
 * needs at least one lesson whose media is ready (learners must have
 * something to play). The course row is locked so two clicks cannot race.
 */
export async function setStatus(sql: Db, courseId: number, to: unknown): Promise<CourseStatus> {
	if (to !== 'draft' && to !== 'published' && to !== 'archived')
		throw new CourseError('status_invalid');
	const run = async (tx: Db) => {
		const [row] = await tx<
			{ status: CourseStatus }[]
		>`select status from courses where id = ${courseId} for update`;
		if (!row) throw new CourseError('not_found');
		if (!ALLOWED[row.status].includes(to))
			throw new CourseError('status_invalid', { from: row.status, to });
		if (to === 'published') {
			const [ready] = await tx`
				select 1 from lessons l join media_assets a on a.id = l.media_id
				where l.course_id = ${courseId} and a.status = 'ready' limit 1`;
			if (!ready) throw new CourseError('publish_needs_ready_lesson');
		}
		await tx`
			update courses set status = ${to}, updated_at = now(),
				published_at = case when ${to} = 'published' then coalesce(published_at, now()) else published_at end
			where id = ${courseId}`;
		return to;
	};
	return inTransaction(sql, run);
}

/** The courses a person edits: all of them for admins, their own for lecturers; newest change first. */
export async function listMyCourses(
	sql: Db,
	user: Pick<SessionUser, 'id' | 'roles'>
): Promise<MyCourse[]> {
	const all = user.roles.includes('admin');
	return sql<MyCourse[]>`
		select c.id, c.title, c.category, c.status, c.updated_at as "updatedAt",
			(select count(*) from lessons l where l.course_id = c.id)::int as "lessonCount",
			(select count(*) from lessons l join media_assets a on a.id = l.media_id
				where l.course_id = c.id and a.status = 'ready')::int as "readyCount"
		from courses c
		where ${all} or exists (select 1 from course_lecturers l where l.course_id = c.id and l.user_id = ${user.id})
		order by c.updated_at desc, c.id desc
		limit 500`;
}
