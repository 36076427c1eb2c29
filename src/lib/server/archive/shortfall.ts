// The unit view: who is below their 学时 requirement in a year and by how
// much, per unit rolled up the org tree (like the completion reports), and
// the people below in a subtree, against the versions in force (the SQL:
// gaps.ts).
import type { Db } from '../db/index.ts';
import type { ShortfallCounts, ShortfallPerson, ShortfallUnitRow } from '../../api/archive.ts';
import { versionsInForce, type VersionInForce } from './requirements.ts';
import { asOfDay } from './person.ts';
import { toCents } from './year-sums.ts';
import { perUnit, perUser } from './gaps.ts';

type Version = VersionInForce;

/** The versions in force for `year` (a fragment must not come out of an async function: awaiting runs it). */
const inForce = (sql: Db, year: number, today: string): Promise<Version[]> =>
	versionsInForce(sql, asOfDay(year, today));

type UnitRaw = ShortfallCounts & { unitId: number; parentId: number | null; name: string };

/**
 * The rows one level below `unitId` (each rolled up over its subtree), the
 * unit's own people as `direct`, and the total; or, with `unitId` null, one
 * row per root.
 */
export async function shortfallReport(
	sql: Db,
	target: { unitId: number } | { rootIds: number[]; everyone?: boolean },
	year: number,
	today: string
): Promise<{ rows: ShortfallUnitRow[]; direct: ShortfallCounts | null; total: ShortfallCounts }> {
	const roots = 'unitId' in target ? [target.unitId] : target.rootIds;
	const vs = await inForce(sql, year, today);
	const [units, counts] = await Promise.all([
		sql<{ unitId: number; parentId: number | null; name: string; sortOrder: number }[]>`
			select distinct u.id as "unitId", u.parent_id as "parentId", u.name, u.sort_order as "sortOrder"
			from org_closure c join org_units u on u.id = c.descendant_id
			where c.ancestor_id = any(${roots}::int[])`,
		vs.length
			? sql<{ unitId: number; people: number; below: number; missing: number }[]>`
				${perUnit(sql, 'everyone' in target && target.everyone ? null : roots, year, vs)}`
			: []
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
			missing: c?.missing ?? 0 // hundredths until counts3
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
	const total = units
		.filter((u) => roots.includes(u.unitId))
		.reduce((a, u) => add(a, rolled.get(u.unitId)!), zero());
	return { rows, direct: null, total: counts3(total) };
}

const zero = (): ShortfallCounts => ({ people: 0, below: 0, missing: 0 });
/** The figures as shown: `missing` from hundredths (summed exactly as integers) to hours. */
const counts3 = (c: ShortfallCounts): ShortfallCounts => ({
	people: c.people,
	below: c.below,
	missing: c.missing / 100
});
const add = (a: ShortfallCounts, b: ShortfallCounts): ShortfallCounts => ({
	people: a.people + b.people,
	below: a.below + b.below,
	missing: a.missing + b.missing
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
	const vs = await inForce(sql, year, today);
	if (!vs.length) return { total: 0, people: [] };
	const rows = await sql`
		${perUser(sql, [unitId], year, vs)}
		select p.*, u.name, u.employee_no, u.rank_level, o.name as unit_name, count(*) over ()::int as total
		from per p join users u on u.id = p.user_id join org_units o on o.id = p.unit_id
		where p.missing > 0
		order by p.missing desc, u.employee_no
		limit ${page.limit} offset ${page.offset}`;
	return {
		total: rows[0]?.total ?? 0,
		people: rows.map((r) => ({
			userId: r.user_id,
			name: r.name,
			employeeNo: r.employee_no,
			unitName: r.unit_name,
			rankLevel: r.rank_level,
			missing: r.missing / 100,
			gaps: vs.flatMap((v, i) => {
				const earned: number = r[`e${i}`];
				return v.rankLevels.includes(r.rank_level) && earned < toCents(v.hours)
					? [
							{
								requirementId: v.requirementId,
								earned: earned / 100,
								required: v.hours,
								missing: (toCents(v.hours) - earned) / 100
							}
						]
					: [];
			})
		}))
	};
}
