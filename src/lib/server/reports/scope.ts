// What a report viewer may open: programmes with people in their scope, units
// inside their subtrees. Anything else answers 404, as if it did not exist.
import { error } from '@sveltejs/kit';
import type { Db } from '$lib/server/db';
import type { SessionUser } from '$lib/server/auth/types';
import { guard } from '$lib/server/auth';
import { m } from '$lib/paraglide/messages.js';
import type { ProgrammeHead } from './types.ts';

/** Published or archived programmes with anyone assigned inside the viewer's scope, newest first. */
export async function reportProgrammes(
	sql: Db,
	user: SessionUser
): Promise<(ProgrammeHead & { assigned: number })[]> {
	const roots = guard.scopeRootIds(user);
	if (roots !== null && roots.length === 0) return [];
	const inScope =
		roots === null
			? sql`true`
			: sql`c.unit_id in (select descendant_id from org_closure where ancestor_id = any(${roots}::int[]))`;
	return sql<(ProgrammeHead & { assigned: number })[]>`
		select p.id, p.title, p.status, p.starts_at as "startsAt", p.deadline, coalesce(sum(c.assigned), 0)::int as assigned
		from programmes p join programme_unit_counts c on c.programme_id = p.id and ${inScope}
		where p.status <> 'draft'
		group by p.id
		having sum(c.assigned) > 0 or ${roots === null}
		order by p.deadline desc, p.id desc`;
}

/** The programme if the viewer may see its report; 404 otherwise. */
export async function requireReportProgramme(
	sql: Db,
	user: SessionUser,
	id: number
): Promise<ProgrammeHead> {
	if (!Number.isSafeInteger(id) || id <= 0) error(404, m.error_not_found());
	const [p] = await sql<
		ProgrammeHead[]
	>`select id, title, status, starts_at as "startsAt", deadline from programmes where id = ${id} and status <> 'draft'`;
	if (!p) error(404, m.error_not_found());
	const roots = guard.scopeRootIds(user);
	if (roots === null) return p;
	const [hit] = await sql`
		select 1 from programme_unit_counts c
		where c.programme_id = ${id} and c.assigned > 0
			and c.unit_id in (select descendant_id from org_closure where ancestor_id = any(${roots}::int[]))
		limit 1`;
	if (!hit) error(404, m.error_not_found());
	return p;
}

/** 404 unless the unit exists and lies inside the viewer's scope. */
export async function requireReportUnit(sql: Db, user: SessionUser, unitId: number): Promise<void> {
	if (
		!Number.isSafeInteger(unitId) ||
		unitId <= 0 ||
		!(await guard.isUnitInScope(sql, user, unitId))
	) {
		error(404, m.error_not_found());
	}
	const [u] = await sql`select 1 from org_units where id = ${unitId}`;
	if (!u) error(404, m.error_not_found());
}

/** The viewer's report roots: their scope roots, or the top-level units for an admin. */
export async function reportRoots(sql: Db, user: SessionUser): Promise<number[]> {
	const roots = guard.scopeRootIds(user);
	if (roots !== null) return roots;
	const rows = await sql<
		{ id: number }[]
	>`select id from org_units where parent_id is null order by sort_order, name, id`;
	return rows.map((r) => r.id);
}
