// Who may open the dispatch list for which subtree, which classes they can
// nominate into, and the nomination itself (classes' nominate(): capacity,
// quota and scope are enforced there, per person, with refusals).
import type { Db } from '../db/index.ts';
import type { SessionUser } from '../auth/types.ts';
import { scopeRootIds, isUnitInScope } from '../auth/guard.ts';
import { nominate, type NominateResult } from '../classes/enrolment.ts';

export const mayDispatch = (user: SessionUser) =>
	user.roles.includes('admin') || user.roles.includes('leader');

/** The subtrees offered: a leader's scope roots, or the top-level units for an admin. */
export async function dispatchRoots(sql: Db, user: SessionUser) {
	const roots = scopeRootIds(user);
	if (roots !== null && roots.length === 0) return [];
	return sql<{ id: number; name: string; kind: string }[]>`
		select id, name, kind from org_units
		where ${roots === null ? sql`parent_id is null` : sql`id = any(${roots}::int[])`}
		order by sort_order, name, id`;
}

/** The unit if it exists inside the viewer's scope; null (the page answers 404) otherwise. */
export async function dispatchUnit(sql: Db, user: SessionUser, unitId: number) {
	if (!mayDispatch(user) || !Number.isSafeInteger(unitId) || unitId <= 0) return null;
	if (!(await isUnitInScope(sql, user, unitId))) return null;
	const [u] = await sql<{ id: number; name: string; kind: string }[]>`
		select id, name, kind from org_units where id = ${unitId}`;
	return u ?? null;
}

/** The unit's children, to narrow the list to one of them. */
export function childUnits(sql: Db, unitId: number) {
	return sql<{ id: number; name: string; kind: string }[]>`
		select id, name, kind from org_units where parent_id = ${unitId} order by sort_order, name, id`;
}

export interface OpenClass {
	id: number;
	title: string;
	startsOn: string;
	endsOn: string;
	capacity: number;
	enrolled: number;
	status: string;
}

/**
 * Classes the viewer can nominate into now: an admin selects into any class
 * not running or finished; a leader nominates into enrolling classes holding
 * a quota for a unit above, at or below their scope roots.
 */
export async function openClasses(sql: Db, user: SessionUser): Promise<OpenClass[]> {
	const roots = scopeRootIds(user);
	const mine =
		roots === null
			? sql`c.status in ('planning', 'enrolling')`
			: sql`c.status = 'enrolling' and exists (
				select 1 from class_quotas q where q.class_id = c.id and (
					q.unit_id in (select ancestor_id from org_closure where descendant_id = any(${roots}::int[]))
					or q.unit_id in (select descendant_id from org_closure where ancestor_id = any(${roots}::int[]))))`;
	return sql<OpenClass[]>`
		select c.id, c.title, to_char(c.starts_on, 'YYYY-MM-DD') as "startsOn", to_char(c.ends_on, 'YYYY-MM-DD') as "endsOn",
			c.capacity, c.enrolled_count as enrolled, c.status
		from classes c where ${mine}
		order by c.starts_on, c.id limit 200`;
}

/** Nominates the selected people; each is enrolled, waitlisted or refused with a reason. */
export function nominateFromDispatch(
	sql: Db,
	user: SessionUser,
	classId: number,
	userIds: number[],
	waitlist: boolean
): Promise<NominateResult> {
	return nominate(
		sql,
		{ classId, actor: { id: user.id, roles: user.roles }, userIds },
		{ waitlist }
	);
}
