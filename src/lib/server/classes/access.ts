// Who may see which class, for the class pages: the organisers (an
// administrator, or a leader whose subtree holds the organiser unit), the
// nominating leaders (whose subtree meets one of the class's quota units),
// and the trainees (who hold an enrolment). Pages turn "no" into a 404.
import type { Db } from '../db/index.ts';
import type { SessionUser } from '../auth/types.ts';
import { isUnitInScope, scopeRootIds } from '../auth/guard.ts';
import type { ClassStatus } from './classes.ts';
import type { Actor } from './enrolment.ts';

export interface ClassRow {
	id: number;
	title: string;
	groupCode: string | null;
	fieldCode: string | null;
	organiserUnitId: number;
	organiserName: string;
	startsOn: string;
	endsOn: string;
	days: number;
	siteId: number | null;
	siteName: string | null;
	locationText: string;
	capacity: number;
	enrolledCount: number;
	status: ClassStatus;
	completionShare: number;
}

const columns = (sql: Db) => sql`
	c.id, c.title, c.group_code as "groupCode", c.field_code as "fieldCode",
	c.organiser_unit_id as "organiserUnitId", o.name as "organiserName",
	to_char(c.starts_on, 'YYYY-MM-DD') as "startsOn", to_char(c.ends_on, 'YYYY-MM-DD') as "endsOn",
	c.days, c.site_id as "siteId", ts.name as "siteName", c.location_text as "locationText",
	c.capacity, c.enrolled_count as "enrolledCount", c.status,
	c.completion_share::float8 as "completionShare"`;

const from = (sql: Db) => sql`
	classes c join org_units o on o.id = c.organiser_unit_id
	left join teaching_sites ts on ts.id = c.site_id`;

export async function getClass(sql: Db, id: number): Promise<ClassRow | null> {
	const [row] = await sql<ClassRow[]>`select ${columns(sql)} from ${from(sql)} where c.id = ${id}`;
	return row ?? null;
}

/** An administrator, or a leader whose subtree holds the organiser unit. */
export const mayManage = (sql: Db, user: SessionUser, c: { organiserUnitId: number }) =>
	isUnitInScope(sql, user, c.organiserUnitId).then(
		(ok) => ok && (user.roles.includes('admin') || user.roles.includes('leader'))
	);

/** The class if the person organises it, else null (the page answers 404). */
export async function managedClass(sql: Db, user: SessionUser, id: number) {
	const c = await getClass(sql, id);
	return c && (await mayManage(sql, user, c)) ? c : null;
}

/**
 * The organiser acts on the class as the organiser: its selections are not
 * nominations under a unit's quota (enrolment.ts treats the admin role so).
 * Only call after managedClass() said yes.
 */
export const organiserActor = (user: SessionUser): Actor => ({ id: user.id, roles: ['admin'] });

/** Classes the person organises, newest first. */
export async function listManagedClasses(sql: Db, user: SessionUser): Promise<ClassRow[]> {
	const roots = scopeRootIds(user);
	if (roots !== null && roots.length === 0) return [];
	const scope =
		roots === null
			? sql`true`
			: sql`c.organiser_unit_id in (select descendant_id from org_closure where ancestor_id = any(${roots}::int[]))`;
	return sql<ClassRow[]>`
		select ${columns(sql)} from ${from(sql)} where ${scope}
		order by c.starts_on desc, c.id desc limit 200`;
}

/** Quota units of the class that a leader's subtree meets (at, below or above a scope root). */
export async function quotasInReach(sql: Db, user: SessionUser, classId: number) {
	const roots = user.roles.includes('leader') ? user.scopeUnitIds : [];
	return sql<{ unitId: number; unitName: string; quota: number; used: number }[]>`
		select q.unit_id as "unitId", o.name as "unitName", q.quota, q.used
		from class_quotas q join org_units o on o.id = q.unit_id
		where q.class_id = ${classId} and exists (
			select 1 from org_closure oc where oc.ancestor_id = any(${roots}::int[]) and oc.descendant_id = q.unit_id
			union all
			select 1 from org_closure oc where oc.descendant_id = any(${roots}::int[]) and oc.ancestor_id = q.unit_id)
		order by o.name`;
}

/** Classes open for nomination where the leader's subtree has a quota. */
export async function listNominatable(sql: Db, user: SessionUser): Promise<ClassRow[]> {
	const roots = user.roles.includes('leader') ? user.scopeUnitIds : [];
	if (!roots.length) return [];
	return sql<ClassRow[]>`
		select ${columns(sql)} from ${from(sql)}
		where c.status = 'enrolling' and exists (
			select 1 from class_quotas q join org_closure oc
				on (oc.ancestor_id = q.unit_id and oc.descendant_id = any(${roots}::int[]))
				or (oc.descendant_id = q.unit_id and oc.ancestor_id = any(${roots}::int[]))
			where q.class_id = c.id)
		order by c.starts_on, c.id limit 200`;
}

/** The trainee's classes (enrolled or waiting; finished ones too). */
export async function listMyClasses(sql: Db, userId: number) {
	return sql<(ClassRow & { enrolment: string; completedAt: Date | null })[]>`
		select ${columns(sql)}, e.status as enrolment, e.completed_at as "completedAt"
		from ${from(sql)} join class_enrolments e on e.class_id = c.id and e.user_id = ${userId}
		where e.status <> 'withdrawn'
		order by c.starts_on desc, c.id desc`;
}

/** The class if the person holds an enrolment (enrolled or waiting), else null. */
export async function traineeClass(sql: Db, userId: number, classId: number) {
	const [row] = await sql<(ClassRow & { enrolment: 'enrolled' | 'waitlisted' })[]>`
		select ${columns(sql)}, e.status as enrolment
		from ${from(sql)} join class_enrolments e on e.class_id = c.id and e.user_id = ${userId}
		where c.id = ${classId} and e.status <> 'withdrawn'`;
	return row ?? null;
}
