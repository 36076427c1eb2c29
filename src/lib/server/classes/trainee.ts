// What a trainee sees of a class: its menu with their own attendance and
// whether they rated each session, the session to check in to now, and the
// people a nominating leader may choose from.
import type { Db } from '../db/index.ts';
import type { SessionUser } from '../auth/types.ts';
import { scopeRootIds } from '../auth/guard.ts';
import type { AttendanceStatus } from './attendance.ts';
import type { SessionKind } from './classes.ts';

export interface MySession {
	id: number;
	startsAt: Date;
	endsAt: Date;
	topic: string;
	kind: SessionKind;
	lecturerName: string | null;
	place: string;
	attendance: AttendanceStatus | null;
	rated: boolean;
}

export async function myMenu(sql: Db, classId: number, userId: number): Promise<MySession[]> {
	return sql<MySession[]>`
		select s.id, s.starts_at as "startsAt", s.ends_at as "endsAt", s.topic, s.kind,
			l.name as "lecturerName", coalesce(ts.name, tr.name, s.place_text) as place,
			a.status as attendance,
			exists (select 1 from class_evaluations v where v.session_id = s.id and v.user_id = ${userId}) as rated
		from class_sessions s
		left join lecturers l on l.id = s.lecturer_id
		left join teaching_sites ts on ts.id = s.site_id
		left join teaching_routes tr on tr.id = s.route_id
		left join class_attendance a on a.session_id = s.id and a.user_id = ${userId}
		where s.class_id = ${classId} order by s.starts_at, s.id`;
}

/** The session running now, else the next one to start, else the last one. */
export function currentSession<T extends { id: number; startsAt: Date; endsAt: Date }>(
	sessions: T[],
	now = Date.now()
): T | null {
	const at = (d: Date) => new Date(d).getTime();
	return (
		sessions.find((s) => at(s.startsAt) - 30 * 60_000 <= now && now <= at(s.endsAt)) ??
		sessions.find((s) => at(s.startsAt) > now) ??
		sessions[sessions.length - 1] ??
		null
	);
}

export interface Candidate {
	id: number;
	name: string;
	employeeNo: string;
	unitName: string;
	enrolment: string | null;
}

/** People of the leader's subtree matching the text (name or employee number), with their enrolment in the class. */
export async function searchCandidates(
	sql: Db,
	user: SessionUser,
	classId: number,
	text: string,
	limit = 50
): Promise<Candidate[]> {
	const roots = scopeRootIds(user);
	if (roots !== null && roots.length === 0) return [];
	const like = `%${text.trim().replace(/[\\%_]/g, (c) => '\\' + c)}%`;
	const scope =
		roots === null
			? sql`true`
			: sql`u.unit_id in (select descendant_id from org_closure where ancestor_id = any(${roots}::int[]))`;
	return sql<Candidate[]>`
		select u.id, u.name, u.employee_no as "employeeNo", o.name as "unitName",
			(select e.status from class_enrolments e where e.class_id = ${classId} and e.user_id = u.id) as enrolment
		from users u join org_units o on o.id = u.unit_id
		where u.active and ${scope} and (u.name ilike ${like} or u.employee_no ilike ${like})
		order by u.name, u.id limit ${limit}`;
}

/** Ids of active people by employee number (the organiser's selection box); unknown numbers are returned apart. */
export async function idsByEmployeeNo(sql: Db, numbers: string[]) {
	const wanted = [...new Set(numbers.map((n) => n.trim()).filter(Boolean))].slice(0, 200);
	const rows = await sql<{ id: number; employeeNo: string }[]>`
		select id, employee_no as "employeeNo" from users
		where active and lower(employee_no) = any(${wanted.map((n) => n.toLowerCase())}::text[])`;
	const found = new Set(rows.map((r) => r.employeeNo.toLowerCase()));
	return { ids: rows.map((r) => r.id), unknown: wanted.filter((n) => !found.has(n.toLowerCase())) };
}
