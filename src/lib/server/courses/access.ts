// Who may see and who may edit a course. Every course page, file route and
// the media/progress endpoints ask these (H6 and H7 call them too).
//   view: a published course — any signed-in (active) person, unless it is
//         limited to a live session's audience (a replay): that audience;
//         a draft or archived one — its lecturers and admins.
//   edit: its lecturers (who still hold the lecturer role) and admins.
// A session exists only for active people (sessions.validate), so `user`
// being present means active.
import type { Db } from '../db/index.ts';
import type { SessionUser } from '../auth/types.ts';
import { isId } from '../../api/ids.ts';
import { inSessionAudience } from '../live/audience.ts';

type Who = Pick<SessionUser, 'id' | 'roles'> | null | undefined;

const validId = isId;

export async function canViewCourse(sql: Db, user: Who, courseId: number): Promise<boolean> {
	if (!user || !validId(courseId)) return false;
	const [row] = await sql<{ status: string; lecturer: boolean; reaches: boolean }[]>`
		select c.status,
			exists (select 1 from course_lecturers l where l.course_id = c.id and l.user_id = ${user.id}) as lecturer,
			${reachesViewer(sql, user.id)} as reaches
		from courses c where c.id = ${courseId}`;
	if (!row) return false;
	if (user.roles.includes('admin')) return true;
	if (row.status === 'published' && row.reaches) return true;
	return row.lecturer && user.roles.includes('lecturer');
}

/** SQL over `courses c`: the course is for everyone, or `userId` is in its session's audience. */
export function reachesViewer(sql: Db, userId: number | null) {
	if (userId === null) return sql`c.audience_session_id is null`;
	return sql`(c.audience_session_id is null or ${inSessionAudience(sql, sql`c.audience_session_id`, userId)})`;
}

export async function canEditCourse(sql: Db, user: Who, courseId: number): Promise<boolean> {
	if (!user || !validId(courseId)) return false;
	if (user.roles.includes('admin')) {
		const [row] = await sql`select 1 from courses where id = ${courseId}`;
		return !!row;
	}
	if (!user.roles.includes('lecturer')) return false;
	const [row] =
		await sql`select 1 from course_lecturers where course_id = ${courseId} and user_id = ${user.id}`;
	return !!row;
}

/** The lesson's course when the person may see that course; else null (also for unknown lessons). */
export async function canViewLesson(
	sql: Db,
	user: Who,
	lessonId: number
): Promise<{ courseId: number } | null> {
	if (!user || !validId(lessonId)) return null;
	const [row] = await sql<
		{ courseId: number }[]
	>`select course_id as "courseId" from lessons where id = ${lessonId}`;
	if (!row) return null;
	return (await canViewCourse(sql, user, row.courseId)) ? { courseId: row.courseId } : null;
}

/** The lesson's course when the person may edit that course; else null. */
export async function canEditLesson(
	sql: Db,
	user: Who,
	lessonId: number
): Promise<{ courseId: number } | null> {
	if (!user || !validId(lessonId)) return null;
	const [row] = await sql<
		{ courseId: number }[]
	>`select course_id as "courseId" from lessons where id = ${lessonId}`;
	if (!row) return null;
	return (await canEditCourse(sql, user, row.courseId)) ? { courseId: row.courseId } : null;
}
