// The org tree's closure table (org_closure: every ancestor/descendant pair,
// each unit with itself at depth 0) and the low-level steps that keep it right.
//
// Concurrency: every structural write (create, move, delete) first takes one
// transaction-scoped advisory lock for the whole tree. The tree changes rarely
// (an administrator's edits, an occasional import), so serialising its writers
// costs nothing noticeable, and it is the simplest way to be sure two moves
// never read each other's half-written closure rows (row locks would have to
// cover the old and new ancestor chains of both subtrees, in a safe order).
// Readers are never blocked: they see the closure before or after a move.
import type { Db } from '$lib/server/db';

export interface PathEntry {
	id: number;
	name: string;
	kind: string;
	depth: number;
}

/** Serialises writers of the org tree until the surrounding transaction ends. */
export async function lockTree(tx: Db): Promise<void> {
	await tx`select pg_advisory_xact_lock(hashtext('xuefan:org-tree'))`;
}

/** Closure rows for a new leaf `id` under `parentId` (null: a root): the parent's ancestors, plus itself. */
export async function insertLeafClosure(
	tx: Db,
	id: number,
	parentId: number | null
): Promise<void> {
	await tx`
		insert into org_closure (ancestor_id, descendant_id, depth)
		select ancestor_id, ${id}::int, depth + 1 from org_closure where descendant_id = ${parentId}::int
		union all
		select ${id}::int, ${id}::int, 0`;
}

/**
 * Re-hangs the closure of the subtree rooted at `id` under `newParentId`
 * (null: it becomes a root): drops every row linking the subtree to its old
 * ancestors, then adds the cross product of the new parent's ancestors and the
 * subtree. Rows inside the subtree stay as they are. The caller holds the tree
 * lock and has checked that `newParentId` is not inside the subtree.
 */
export async function moveSubtreeClosure(
	tx: Db,
	id: number,
	newParentId: number | null
): Promise<void> {
	await tx`
		delete from org_closure
		where descendant_id in (select descendant_id from org_closure where ancestor_id = ${id})
			and ancestor_id in (select ancestor_id from org_closure where descendant_id = ${id} and depth > 0)`;
	if (newParentId === null) return;
	await tx`
		insert into org_closure (ancestor_id, descendant_id, depth)
		select p.ancestor_id, s.descendant_id, p.depth + s.depth + 1
		from org_closure p cross join org_closure s
		where p.descendant_id = ${newParentId} and s.ancestor_id = ${id}`;
}

/** The path from the root down to `id` (inclusive; [] when there is no such unit), for breadcrumbs. */
export async function ancestors(sql: Db, id: number): Promise<PathEntry[]> {
	return sql<PathEntry[]>`
		select u.id, u.name, u.kind, c.depth
		from org_closure c join org_units u on u.id = c.ancestor_id
		where c.descendant_id = ${id}
		order by c.depth desc`;
}

/**
 * True when `descendantId` lies in the subtree rooted at `ancestorId`,
 * the unit itself included (isDescendant(x, x) is true for an existing x):
 * the test scope checks and cycle checks both need.
 */
export async function isDescendant(
	sql: Db,
	ancestorId: number,
	descendantId: number
): Promise<boolean> {
	const [row] = await sql`
		select 1 from org_closure where ancestor_id = ${ancestorId} and descendant_id = ${descendantId}`;
	return !!row;
}

/** Every closure row, sorted: for consistency checks and tests. */
export async function closureRows(sql: Db): Promise<[number, number, number][]> {
	const rows = await sql<{ a: number; d: number; depth: number }[]>`
		select ancestor_id as a, descendant_id as d, depth from org_closure order by 1, 2`;
	return rows.map((r) => [r.a, r.d, r.depth]);
}

/** The closure as it should be, computed from parent_id alone by a recursive query (sorted like closureRows). */
export async function expectedClosureRows(sql: Db): Promise<[number, number, number][]> {
	const rows = await sql<{ a: number; d: number; depth: number }[]>`
		with recursive walk (a, d, depth) as (
			select id, id, 0 from org_units
			union all
			select w.a, u.id, w.depth + 1 from walk w join org_units u on u.parent_id = w.d
		)
		select a, d, depth from walk order by 1, 2`;
	return rows.map((r) => [r.a, r.d, r.depth]);
}
