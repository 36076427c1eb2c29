// Rollups along the org tree: a unit's figures are the sum of the counters
// (programme_unit_counts) of every unit in its subtree, via org_closure.
import type { Db } from '$lib/server/db';
import type { UnitReport } from '../../api/reports.ts';
import { withRates, type Counts, type UnitCounts } from './types.ts';

// one collator: localeCompare with a locale builds one per call
const byName = new Intl.Collator('zh-CN');

type Raw = { assigned: number; notStarted: number; inProgress: number; completed: number };
const ZERO: Raw = { assigned: 0, notStarted: 0, inProgress: 0, completed: 0 };

export type { UnitReport };

/**
 * The report one level below `unitId` (or over the given roots when unitId
 * is null): one rolled-up row per unit with anyone assigned, the unit's own
 * members as a separate row, and the total.
 */
export async function unitReport(
	sql: Db,
	programme: { id: number; deadline: Date },
	target: { unitId: number } | { rootIds: number[] },
	at = new Date()
): Promise<UnitReport> {
	const which =
		'unitId' in target
			? sql`u.parent_id = ${target.unitId}`
			: sql`u.id = any(${target.rootIds}::int[])`;
	const rows = await sql<(Raw & { unitId: number; name: string; kind: string; depth: number })[]>`
		select u.id as "unitId", u.name, u.kind, 1 as depth,
			sum(c.assigned)::int as assigned, sum(c.not_started)::int as "notStarted",
			sum(c.in_progress)::int as "inProgress", sum(c.completed)::int as completed
		from org_units u
		join org_closure cl on cl.ancestor_id = u.id
		join programme_unit_counts c on c.programme_id = ${programme.id} and c.unit_id = cl.descendant_id
		where ${which}
		group by u.id
		having sum(c.assigned) > 0
		order by u.sort_order, u.name, u.id`;
	let direct: Counts | null = null;
	if ('unitId' in target) {
		const [d] = await sql<Raw[]>`
			select assigned, not_started as "notStarted", in_progress as "inProgress", completed
			from programme_unit_counts where programme_id = ${programme.id} and unit_id = ${target.unitId} and assigned > 0`;
		if (d) direct = withRates(d, programme.deadline, at);
	}
	const sum = rows.reduce(add, direct ? { ...direct } : { ...ZERO });
	return {
		rows: rows.map((r) => withRates(r, programme.deadline, at)),
		direct,
		total: withRates(
			{
				assigned: sum.assigned,
				notStarted: sum.notStarted,
				inProgress: sum.inProgress,
				completed: sum.completed
			},
			programme.deadline,
			at
		)
	};
}

function add(a: Raw, b: Raw): Raw {
	return {
		assigned: a.assigned + b.assigned,
		notStarted: a.notStarted + b.notStarted,
		inProgress: a.inProgress + b.inProgress,
		completed: a.completed + b.completed
	};
}

/**
 * Every unit of the subtree under `rootId` with anyone assigned, rolled up,
 * in tree order (each unit followed by its children), depth relative to the
 * root. Used by the tree export, the bulletin and the snapshots.
 */
export async function subtreeRollup(
	sql: Db,
	programme: { id: number; deadline: Date },
	rootId: number,
	at = new Date()
): Promise<(UnitCounts & { parentId: number | null })[]> {
	// Each unit's own counters in one scan of the subtree; the sums up the
	// tree are done here, deepest first (one pass over ~2,000 rows beats an
	// aggregate over every (ancestor, descendant) pair).
	const rows = await sql<
		(Raw & {
			unitId: number;
			parentId: number | null;
			name: string;
			kind: string;
			depth: number;
			sortOrder: number;
		})[]
	>`
		select u.id as "unitId", u.parent_id as "parentId", u.name, u.kind, u.sort_order as "sortOrder", s.depth,
			coalesce(c.assigned, 0) as assigned, coalesce(c.not_started, 0) as "notStarted",
			coalesce(c.in_progress, 0) as "inProgress", coalesce(c.completed, 0) as completed
		from org_closure s join org_units u on u.id = s.descendant_id
		left join programme_unit_counts c on c.programme_id = ${programme.id} and c.unit_id = s.descendant_id
		where s.ancestor_id = ${rootId}`;
	const byId = new Map(rows.map((r) => [r.unitId, r]));
	for (const r of [...rows].sort((x, y) => y.depth - x.depth)) {
		const parent = r.unitId === rootId || r.parentId === null ? undefined : byId.get(r.parentId);
		if (!parent) continue;
		parent.assigned += r.assigned;
		parent.notStarted += r.notStarted;
		parent.inProgress += r.inProgress;
		parent.completed += r.completed;
	}
	return treeOrder(
		rows.filter((r) => r.assigned > 0),
		rootId
	).map(({ sortOrder: _s, ...r }) => withRates(r, programme.deadline, at));
}

/** Depth-first order (siblings by sort order, then name). */
export function treeOrder<
	T extends { unitId: number; parentId: number | null; name: string; sortOrder: number }
>(rows: T[], rootId: number): T[] {
	const kids = new Map<number | null, T[]>();
	for (const r of rows) {
		const list = kids.get(r.parentId) ?? [];
		list.push(r);
		kids.set(r.parentId, list);
	}
	for (const list of kids.values())
		list.sort(
			(a, b) => a.sortOrder - b.sortOrder || byName.compare(a.name, b.name) || a.unitId - b.unitId
		);
	const out: T[] = [];
	const visit = (r: T) => {
		out.push(r);
		for (const c of kids.get(r.unitId) ?? []) visit(c);
	};
	const root = rows.find((r) => r.unitId === rootId);
	if (root) visit(root);
	return out;
}
