// Read-side queries on the org tree: children with subtree counts, and name
// search with the full path of each hit. Both answer in one SQL statement.
import * as limits from '../../api/limits.ts';
import type postgres from 'postgres';
import type { Db } from '$lib/server/db';
import type { UnitListItem, UnitSearchHit } from '../../api/units.ts';

export type { UnitListItem, UnitSearchHit };

/**
 * The children of `parentId` (null: the top-level units) in display order
 * (sort_order, then name), each with its counts; people are counted over the
 * whole subtree through org_closure.
 */
export async function listChildren(sql: Db, parentId: number | null): Promise<UnitListItem[]> {
	return listWhere(
		sql,
		parentId === null ? sql`u.parent_id is null` : sql`u.parent_id = ${parentId}`
	);
}

/** One unit with the same counts as listChildren gives, or null. */
export async function getUnitSummary(sql: Db, id: number): Promise<UnitListItem | null> {
	if (!Number.isSafeInteger(id)) return null;
	const [unit] = await listWhere(sql, sql`u.id = ${id}`);
	return unit ?? null;
}

function listWhere(sql: Db, where: postgres.PendingQuery<postgres.Row[]>): Promise<UnitListItem[]> {
	return sql<UnitListItem[]>`
		select u.id, u.parent_id as "parentId", u.name, u.kind, u.sort_order as "sortOrder",
			(select count(*) from org_units c where c.parent_id = u.id) as "childCount",
			(select count(*) - 1 from org_closure d where d.ancestor_id = u.id) as "descendantCount",
			p.people as "peopleCount", p.active as "activePeopleCount"
		from org_units u
		cross join lateral (
			select count(*) as people, count(*) filter (where s.active) as active
			from org_closure cl join users s on s.unit_id = cl.descendant_id
			where cl.ancestor_id = u.id
		) p
		where ${where}
		order by u.sort_order, u.name, u.id`;
}

export const SEARCH_LIMIT_MAX = 100;

/**
 * Units whose name contains `q` (case-insensitive; blank q finds nothing),
 * restricted to the subtrees rooted at `scopeRootIds` unless that is null
 * (everything). Exact matches first, then prefix matches, then shorter names.
 */
export async function searchUnits(
	sql: Db,
	q: string,
	scopeRootIds: number[] | null,
	limit = 20
): Promise<UnitSearchHit[]> {
	const needle = q.normalize('NFC').trim().toLowerCase().slice(0, limits.search.text);
	if (!needle || (scopeRootIds !== null && scopeRootIds.length === 0)) return [];
	const n = Math.max(1, Math.min(SEARCH_LIMIT_MAX, Math.floor(limit) || 1));
	const scope =
		scopeRootIds === null
			? sql`true`
			: sql`exists (
				select 1 from org_closure s
				where s.descendant_id = u.id and s.ancestor_id = any(${scopeRootIds}::int[]))`;
	return sql<UnitSearchHit[]>`
		select u.id, u.parent_id as "parentId", u.name, u.kind,
			array(
				select a.name from org_closure c join org_units a on a.id = c.ancestor_id
				where c.descendant_id = u.id order by c.depth desc
			) as path,
			array(
				select c.ancestor_id from org_closure c
				where c.descendant_id = u.id order by c.depth desc
			) as "pathIds"
		from org_units u
		where strpos(lower(u.name), ${needle}) > 0 and ${scope}
		order by lower(u.name) = ${needle} desc, starts_with(lower(u.name), ${needle}) desc,
			length(u.name), u.name, u.id
		limit ${n}`;
}
