// Audience → assignment rows, set-based. A published programme's audience is
// everyone active under one of its units (org_closure; optionally only some
// rank levels) plus its named people. syncAssignments makes the rows match:
// new members get a row (counters derived at once), members who moved get the
// new unit_id (their contribution moves with them), people who left keep their
// row with removed_at (history), people who come back get it cleared.
// One INSERT … SELECT and one UPDATE, whatever the size: publishing to 45,000
// people is two statements, and a person's edit is the same two statements
// restricted to that person.
import type postgres from 'postgres';
import type { Db } from '../db/index.ts';
import { derivedState } from './status.ts';

export interface SyncScope {
	/** Only this programme (else every published programme). */
	programmeId?: number;
	/** Only these people (else everyone). */
	userIds?: number[];
}

export interface SyncResult {
	/** Rows created, revived or moved to another unit. */
	upserted: number;
	removed: number;
}

function filters(tx: Db, scope: SyncScope, p: string, u: string) {
	const byProgramme =
		scope.programmeId === undefined ? tx`true` : tx`${tx(p)} = ${scope.programmeId}`;
	const byUser =
		scope.userIds === undefined ? tx`true` : tx`${tx(u)} = any(${scope.userIds}::int[])`;
	return { byProgramme, byUser };
}

/** (programme_id, user_id, unit_id) of the wanted rows, as a subquery. */
function desired(tx: Db, scope: SyncScope): postgres.PendingQuery<postgres.Row[]> {
	const { byProgramme, byUser } = filters(tx, scope, 'p.id', 'u.id');
	return tx`
		select p.id as programme_id, u.id as user_id, u.unit_id
		from programmes p
		join programme_units pu on pu.programme_id = p.id
		join org_closure oc on oc.ancestor_id = pu.unit_id
		join users u on u.unit_id = oc.descendant_id
		where p.status = 'published' and u.active and ${byProgramme} and ${byUser}
			and (p.rank_levels is null or u.rank_level = any(p.rank_levels))
		union
		select p.id, u.id, u.unit_id
		from programmes p
		join programme_people pp on pp.programme_id = p.id
		join users u on u.id = pp.user_id
		where p.status = 'published' and u.active and ${byProgramme} and ${byUser}`;
}

export async function syncAssignments(tx: Db, scope: SyncScope, at: Date): Promise<SyncResult> {
	if (scope.userIds !== undefined && scope.userIds.length === 0) return { upserted: 0, removed: 0 };
	// Rows to create, revive or move, with their state derived from what the
	// person has already done, in the INSERT itself: publishing writes each
	// row once (the report counters' statement trigger counts them in one go).
	// A first publish has no rows yet, hence nobody to remove: skip the second audience scan.
	const [had] =
		scope.programmeId !== undefined && scope.userIds === undefined
			? await tx`select exists (select 1 from programme_assignments where programme_id = ${scope.programmeId}) as any`
			: [{ any: true }];
	const touched = await tx`
		with d as (
			select d.* from (${desired(tx, scope)}) d
			left join programme_assignments pa on pa.programme_id = d.programme_id and pa.user_id = d.user_id
			where pa.user_id is null or pa.unit_id <> d.unit_id or pa.removed_at is not null
		), n as (${derivedState(tx, tx`select programme_id, user_id from d`)})
		insert into programme_assignments as pa (programme_id, user_id, unit_id, assigned_at, status, required_total,
			required_done, electives_done, elective_hours, started_at, completed_at, last_activity_at)
		select d.programme_id, d.user_id, d.unit_id, ${at}::timestamptz,
			case when n.complete then 'completed' when n.active then 'in_progress' else 'not_started' end,
			n.req_total, n.req_done, n.el_done, n.el_hours,
			case when n.complete or n.active then coalesce(least(n.first_at, n.first_done), n.last_done) end,
			case when n.complete then coalesce(n.last_done, n.last_at) end,
			greatest(n.last_at, n.last_done)
		from d join n on n.programme_id = d.programme_id and n.user_id = d.user_id
		order by d.programme_id, d.user_id
		on conflict (programme_id, user_id) do update set
			unit_id = excluded.unit_id, removed_at = null,
			status = case when excluded.status = 'not_started' and pa.started_at is not null then 'in_progress' else excluded.status end,
			required_total = excluded.required_total, required_done = excluded.required_done,
			electives_done = excluded.electives_done, elective_hours = excluded.elective_hours,
			started_at = coalesce(pa.started_at, excluded.started_at),
			completed_at = case when excluded.status = 'completed' then coalesce(pa.completed_at, excluded.completed_at) end,
			last_activity_at = greatest(pa.last_activity_at, excluded.last_activity_at)`;
	if (!had.any) return { upserted: touched.count, removed: 0 };
	const { byProgramme, byUser } = filters(tx, scope, 'pa.programme_id', 'pa.user_id');
	const removed = await tx`
		update programme_assignments pa set removed_at = ${at}
		from programmes p
		where p.id = pa.programme_id and p.status = 'published' and pa.removed_at is null
			and ${byProgramme} and ${byUser}
			and (pa.programme_id, pa.user_id) not in (select programme_id, user_id from (${desired(tx, scope)}) d)`;
	return { upserted: touched.count, removed: removed.count };
}

/**
 * Re-evaluates these people's membership (and unit) in every published
 * programme. Call inside the transaction that created, moved, edited,
 * disabled or re-enabled them, or moved units above them.
 */
export async function syncPeople(tx: Db, userIds: number[], at?: Date): Promise<SyncResult> {
	const ids = [...new Set(userIds)];
	if (!ids.length) return { upserted: 0, removed: 0 };
	// Nothing published (a fresh install, an import before any programme): one cheap probe.
	const [any] = await tx`select 1 from programmes where status = 'published' limit 1`;
	if (!any) return { upserted: 0, removed: 0 };
	return syncAssignments(tx, { userIds: ids }, at ?? (await tx`select now() as now`)[0].now);
}

/** Everyone under the unit (inclusive), e.g. after the unit moved in the tree. */
export async function syncUnitSubtree(tx: Db, unitId: number): Promise<SyncResult> {
	const [any] = await tx`select 1 from programmes where status = 'published' limit 1`;
	if (!any) return { upserted: 0, removed: 0 };
	const people = await tx<{ id: number }[]>`
		select u.id from users u join org_closure oc on oc.descendant_id = u.unit_id where oc.ancestor_id = ${unitId}`;
	return syncPeople(
		tx,
		people.map((p) => p.id)
	);
}
