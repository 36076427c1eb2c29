// A course's lecturers. The creating lecturer is added by createCourse;
// admins may add others, chosen from active people holding the lecturer role.
import * as limits from '../../api/limits.ts';
import type { Db } from '../db/index.ts';
import { inTransaction } from '../db/tx.ts';
import { CourseError } from './errors.ts';

export interface LecturerCandidate {
	id: number;
	name: string;
	employeeNo: string;
}

/** Active people with the lecturer role matching part of a name or employee number (LIKE wildcards taken literally). */
export async function findLecturers(sql: Db, q: string, limit = 20): Promise<LecturerCandidate[]> {
	const term = q.trim().slice(0, limits.search.text);
	const pattern = `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
	return sql<LecturerCandidate[]>`
		select id, name, employee_no as "employeeNo" from users
		where active and 'lecturer' = any(roles)
			and (${term} = '' or name ilike ${pattern} or employee_no ilike ${pattern})
		order by name, id limit ${limit}`;
}

export async function addLecturer(sql: Db, courseId: number, userId: number): Promise<void> {
	const [person] =
		await sql`select 1 from users where id = ${userId} and active and 'lecturer' = any(roles)`;
	if (!person) throw new CourseError('lecturer_not_lecturer');
	const [course] = await sql`select 1 from courses where id = ${courseId}`;
	if (!course) throw new CourseError('not_found');
	await sql`insert into course_lecturers (course_id, user_id) values (${courseId}, ${userId}) on conflict do nothing`;
}

/** Removes a lecturer; the last one stays (a course always has someone who can edit it besides admins). */
export async function removeLecturer(sql: Db, courseId: number, userId: number): Promise<void> {
	await inTransaction(sql, async (tx) => {
		const rows = await tx<{ userId: number }[]>`
			select user_id as "userId" from course_lecturers where course_id = ${courseId} for update`;
		if (!rows.some((r) => r.userId === userId)) return;
		if (rows.length <= 1) throw new CourseError('lecturer_last');
		await tx`delete from course_lecturers where course_id = ${courseId} and user_id = ${userId}`;
	});
}
