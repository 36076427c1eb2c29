// Who may upload media for a lesson, or retry its transcode: the course's
// lecturers and admins (the rule lives in courses/access.ts).
import type { SessionUser } from '../auth/types.ts';
import { canEditLesson as editableLesson } from '../courses/access.ts';
import type { Db } from '../db/index.ts';

export async function canEditLesson(
	sql: Db,
	user: SessionUser,
	lessonId: number
): Promise<boolean> {
	return (await editableLesson(sql, user, lessonId)) !== null;
}

/** An asset may be retried by admins, its uploader (still a lecturer), and lecturers of a course with a lesson using it. */
export async function canEditAsset(sql: Db, user: SessionUser, assetId: string): Promise<boolean> {
	const isAdmin = user.roles.includes('admin');
	if (!isAdmin && !user.roles.includes('lecturer')) return false;
	const [row] = await sql`
		select exists (
			select 1 from media_assets a
			where a.id = ${assetId} and (
				${isAdmin} or a.uploaded_by = ${user.id} or exists (
					select 1 from lessons l join course_lecturers cl on cl.course_id = l.course_id
					where l.media_id = a.id and cl.user_id = ${user.id}))
		) as ok`;
	return row.ok === true;
}
