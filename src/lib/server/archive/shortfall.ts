// The unit view: who is below their 学时 requirement in a year and by how
// much, per unit rolled up the org tree (like the completion reports), and
// the people below in a subtree. Reads credit_year_sums (0104: the valid
// ledger summed per person, year and source) against the versions in force.
import type { Db } from '../db/index.ts';
import type { ShortfallCounts, ShortfallPerson, ShortfallUnitRow } from '../../api/archive.ts';
import { versionsInForce } from './requirements.ts';
import { asOfDay } from './person.ts';

type Versions = { id: number; windowYears: number }[];

/** The versions in force for `year` (a fragment must not come out of an async function: awaiting runs it). */
const inForce = (sql: Db, year: number, today: string): Promise<Versions> =>
	versionsInForce(sql, asOfDay(year, today));

/** Per person and requirement in the subtrees of `roots`: required and earned (`got`). */
function gapsQuery(sql: Db, roots: number[], year: number, versions: Versions) {
	const ids = versions.map((v) => v.id);
	const widest = Math.max(1, ...versions.map((v) => v.windowYears));
	return sql`
		with v as (
			select id, requirement_id, rank_levels, sources, window_years, hours
			from hour_requirement_versions where id = any(${ids}::int[])
		), p as (
			select u.id, u.unit_id, u.rank_level from users u
			where u.active and u.unit_id in (
				select descendant_id from org_closure where ancestor_id = any(${roots}::int[]))
		), need as (
			select p.id as user_id, p.unit_id, v.requirement_id, v.hours as required, v.window_years, v.sources
			from p join v on p.rank_level = any(v.rank_levels)
		), s as (
			select s.user_id, s.year, s.source_key, s.hours from credit_year_sums s
			where s.year between ${year - widest + 1} and ${year} and s.user_id in (select id from p)
		), got as (
			select n.user_id, n.unit_id, n.requirement_id, n.required, coalesce(sum(s.hours), 0) as earned
			from need n left join s on s.user_id = n.user_id
				and s.year > ${year} - n.window_years and s.source_key = any(n.sources)
			group by n.user_id, n.unit_id, n.requirement_id, n.required
		)`;
}

type UnitRaw = ShortfallCounts & { unitId: number; parentId: number | null; name: string };

/**
 * The rows one level below `unitId` (each rolled up over its subtree), the
 * unit's own people as `direct`, and the total; or, with `unitId` null, one
 * row per root.
 */
export async function shortfallReport(
	sql: Db,
	target: { unitId: number } | { rootIds: number[] },
	year: number,
	today: string
): Promise<{ rows: ShortfallUnitRow[]; direct: ShortfallCounts | null; total: ShortfallCounts }> {
	const roots = 'unitId' in target ? [target.unitId] : target.rootIds;
	const gaps = gapsQuery(sql, roots, year, await inForce(sql, year, today));
	const [units, counts] = await Promise.all([
		sql<{ unitId: number; parentId: number | null; name: string; sortOrder: number }[]>`
			select distinct u.id as "unitId", u.parent_id as "parentId", u.name, u.sort_order as "sortOrder"
			from org_closure c join org_units u on u.id = c.descendant_id
			where c.ancestor_id = any(${roots}::int[])`,
		sql<{ unitId: number; people: number; below: number; missing: string }[]>`
			${gaps}
			select unit_id as "unitId", count(distinct user_id)::int as people,
				count(distinct user_id) filter (where earned < required)::int as below,
				coalesce(sum(required - earned) filter (where earned < required), 0) as missing
			from got group by unit_id`
	]);
	const own = new Map(counts.map((c) => [c.unitId, c]));
	const byId = new Map<number, UnitRaw & { depth: number; sortOrder: number }>();
	for (const u of units) {
		const c = own.get(u.unitId);
		byId.set(u.unitId, {
			...u,
			depth: 0,
			people: c?.people ?? 0,
			below: c?.below ?? 0,
			missing: Number(c?.missing ?? 0)
		});
	}
	// depth below the roots, then sums from the deepest up
	const depthOf = (id: number): number => {
		const u = byId.get(id)!;
		if (roots.includes(id) || u.parentId === null || !byId.has(u.parentId)) return 0;
		return depthOf(u.parentId) + 1;
	};
	for (const u of byId.values()) u.depth = depthOf(u.unitId);
	const rolled = new Map([...byId].map(([id, u]) => [id, { ...u }]));
	for (const u of [...byId.values()].sort((a, b) => b.depth - a.depth)) {
		if (u.depth === 0 || u.parentId === null) continue;
		const r = rolled.get(u.unitId)!;
		const parent = rolled.get(u.parentId)!;
		parent.people += r.people;
		parent.below += r.below;
		parent.missing += r.missing;
	}
	const pick = (list: { unitId: number }[]) =>
		list
			.map((u) => rolled.get(u.unitId)!)
			.filter((r) => r.people > 0)
			.sort((a, b) => a.sortOrder - b.sortOrder || a.name.localeCompare(b.name, 'zh-CN'))
			.map((r) => ({ ...counts3(r), unitId: r.unitId, name: r.name, depth: r.depth }));
	if ('unitId' in target) {
		const rows = pick(units.filter((u) => u.parentId === target.unitId));
		const d = byId.get(target.unitId);
		const direct = d && d.people > 0 ? counts3(d) : null;
		const total = rolled.get(target.unitId);
		return { rows, direct, total: total ? counts3(total) : zero() };
	}
	const rows = pick(units.filter((u) => roots.includes(u.unitId)));
	const total = rows.reduce((a, r) => add(a, r), zero());
	return { rows, direct: null, total };
}

const zero = (): ShortfallCounts => ({ people: 0, below: 0, missing: 0 });
const round = (h: number) => Math.round(h * 100) / 100;
const counts3 = (c: ShortfallCounts): ShortfallCounts => ({
	people: c.people,
	below: c.below,
	missing: round(c.missing)
});
const add = (a: ShortfallCounts, b: ShortfallCounts): ShortfallCounts => ({
	people: a.people + b.people,
	below: a.below + b.below,
	missing: round(a.missing + b.missing)
});

export const SHORTFALL_PAGE = 50;

/** The people below a requirement in the subtree of `unitId`, largest shortfall first. */
export async function shortfallPeople(
	sql: Db,
	unitId: number,
	year: number,
	today: string,
	page = { limit: SHORTFALL_PAGE, offset: 0 }
): Promise<{ total: number; people: ShortfallPerson[] }> {
	const gaps = gapsQuery(sql, [unitId], year, await inForce(sql, year, today));
	const rows = await sql`
		${gaps}, below as (
			select user_id, unit_id, sum(required - earned) as missing,
				json_agg(json_build_object('requirementId', requirement_id, 'earned', earned,
					'required', required, 'missing', required - earned) order by requirement_id) as gaps
			from got where earned < required group by user_id, unit_id
		)
		select b.user_id, b.missing, b.gaps, u.name, u.employee_no, u.rank_level, o.name as unit_name,
			count(*) over ()::int as total
		from below b join users u on u.id = b.user_id join org_units o on o.id = b.unit_id
		order by b.missing desc, u.employee_no
		limit ${page.limit} offset ${page.offset}`;
	return {
		total: rows[0]?.total ?? 0,
		people: rows.map((r) => ({
			userId: r.user_id,
			name: r.name,
			employeeNo: r.employee_no,
			unitName: r.unit_name,
			rankLevel: r.rank_level,
			missing: round(Number(r.missing)),
			gaps: (r.gaps as Record<string, unknown>[]).map((g) => ({
				requirementId: Number(g.requirementId),
				earned: round(Number(g.earned)),
				required: round(Number(g.required)),
				missing: round(Number(g.missing))
			}))
		}))
	};
}
