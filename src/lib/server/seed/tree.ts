// The org tree of the demo data as plain nodes, and its bulk insert: ids
// reserved from the sequence, every unit in one unnest insert, then the whole
// closure table in one recursive query (not one createUnit per unit).
import type { Db } from '../db/index.ts';

export type UnitKind =
	'prefecture' | 'county' | 'park' | 'department' | 'soe' | 'township' | 'village' | 'other';

/** What kind of people work in a unit: decides how many, their rank levels and positions. */
export type Profile =
	| 'prefecture-leadership'
	| 'prefecture-dept'
	| 'county-leadership'
	| 'county-dept'
	| 'township'
	| 'street'
	| 'village'
	| 'community'
	| 'soe'
	| 'soe-dept'
	| 'park'
	| 'park-dept';

export interface UnitNode {
	name: string;
	kind: UnitKind;
	profile: Profile;
	/** Employee-number prefix for people here; inherited from the parent when absent. */
	prefix?: string;
	children: UnitNode[];
	/** Set by insertTree. */
	id?: number;
	parent?: UnitNode;
	path?: string;
}

export function unit(
	name: string,
	kind: UnitKind,
	profile: Profile,
	children: UnitNode[] = [],
	prefix?: string
): UnitNode {
	return { name, kind, profile, children, prefix };
}

/** Every node, parents before children, with parent, path and prefix filled in. */
export function flatten(roots: UnitNode[]): UnitNode[] {
	const out: UnitNode[] = [];
	const visit = (n: UnitNode, parent: UnitNode | undefined) => {
		n.parent = parent;
		n.path = parent ? `${parent.path}/${n.name}` : n.name;
		n.prefix ??= parent?.prefix ?? 'XF';
		out.push(n);
		const seen = new Set<string>();
		for (const c of n.children) {
			if (seen.has(c.name)) throw new Error(`duplicate sibling unit name ${n.path}/${c.name}`);
			seen.add(c.name);
			visit(c, n);
		}
	};
	for (const r of roots) visit(r, undefined);
	return out;
}

/** Depth of the deepest node (a lone root has depth 0). */
export function treeDepth(nodes: UnitNode[]): number {
	let max = 0;
	for (const n of nodes) {
		let d = 0;
		for (let p = n.parent; p; p = p.parent) d++;
		max = Math.max(max, d);
	}
	return max;
}

/**
 * Inserts the trees under `roots` (as new top-level units) and their closure
 * rows; fills in each node's id. Returns the nodes, parents first. Run it in
 * a transaction holding the org-tree lock.
 */
export async function insertTree(tx: Db, roots: UnitNode[]): Promise<UnitNode[]> {
	const nodes = flatten(roots);
	const ids = await tx<{ id: number }[]>`
		select nextval(pg_get_serial_sequence('org_units', 'id'))::int as id
		from generate_series(1, ${nodes.length})`;
	const sortedIds = ids.map((r) => r.id).sort((a, b) => a - b);
	nodes.forEach((n, i) => (n.id = sortedIds[i]));
	const sortOrders = nodes.map((n) => (n.parent ? n.parent.children.indexOf(n) : 0));
	await tx`
		insert into org_units (id, parent_id, name, kind, sort_order)
		select * from unnest(
			${nodes.map((n) => n.id!)}::int[],
			${nodes.map((n) => n.parent?.id ?? null)}::int[],
			${nodes.map((n) => n.name)}::text[],
			${nodes.map((n) => n.kind)}::text[],
			${sortOrders}::int[])`;
	await tx`
		insert into org_closure (ancestor_id, descendant_id, depth)
		with recursive walk (a, d, depth) as (
			select id, id, 0 from org_units where id = any(${nodes.map((n) => n.id!)}::int[])
			union all
			select w.a, u.id, w.depth + 1 from walk w join org_units u on u.parent_id = w.d
		)
		select a, d, depth from walk`;
	return nodes;
}
