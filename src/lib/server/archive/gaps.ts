// The SQL of the unit view (shortfall.ts): every person's gap against the
// requirement versions in force, in hundredths of an hour, per person (the
// people list) or rolled into units (the roll-up). Earned figures come from
// credit_person_years (0170: one integer row per person and year).
import type postgres from 'postgres';
import type { Db } from '../db/index.ts';
import type { VersionInForce as Version } from './requirements.ts';
import { centsOf, toCents } from './year-sums.ts';

type Fragment = postgres.PendingQuery<postgres.Row[]>;
const joined = (sql: Db, parts: Fragment[], sep: Fragment) =>
	parts.reduce((a, f) => sql`${a} ${sep} ${f}`);

/** `col` is a unit of the subtrees of `roots`; null: everyone (an administrator's whole tree), no filter to pay for. */
const inSubtrees = (sql: Db, roots: number[] | null, col: string) =>
	roots === null
		? sql`true`
		: sql`${sql(col)} in (select descendant_id from org_closure where ancestor_id = any(${roots}::int[]))`;

/** The sum of what is missing against each version applying to the rank in `rankCol`. */
const gapSum = (sql: Db, vs: Version[], rankCol: string, earned: (i: number) => Fragment) =>
	joined(
		sql,
		vs.map(
			(v, i) =>
				sql`case when ${sql(rankCol)} = any(${v.rankLevels}::text[]) then greatest(0, ${toCents(v.hours)}::int - (${earned(i)})) else 0 end`
		),
		sql`+`
	);

/**
 * The active people of `ranks` in the subtrees of `roots`, each joined to
 * their row of the year: what they earned against each version (`cols`: e0,
 * e1, …) and their `gap`. A window of several years adds the earlier years of
 * the people it applies to (`w`, grouped by person).
 */
function gapOf(sql: Db, roots: number[] | null, year: number, vs: Version[], ranks: string[]) {
	const widest = Math.max(1, ...vs.map((v) => v.windowYears));
	const windowed = vs.flatMap((v, i) => (v.windowYears > 1 ? [i] : []));
	const e = (i: number) => sql(`e${i}`);
	const earned = vs.map((v, i) =>
		windowed.includes(i)
			? sql`coalesce(${centsOf(sql, 'y', v.sources)}, 0) + coalesce(w.${e(i)}, 0)`
			: sql`coalesce(${centsOf(sql, 'y', v.sources)}, 0)`
	);
	// by person (the primary key), so it costs what the window's people have, not the table's size
	const earlier = windowed.length
		? sql`w as materialized (
			select wu.id as user_id, z.*
			from users wu cross join lateral (
				select ${joined(
					sql,
					windowed.map(
						(i) =>
							sql`sum(case when z.year > ${year - vs[i].windowYears} then ${centsOf(sql, 'z', vs[i].sources)} else 0 end) as ${e(i)}`
					),
					sql`,`
				)}
				from credit_person_years z
				where z.user_id = wu.id and z.year between ${year - widest + 1} and ${year - 1}
			) z
			where wu.active and ${inSubtrees(sql, roots, 'wu.unit_id')}
				and wu.rank_level = any(${windowed.flatMap((i) => vs[i].rankLevels)}::text[])
		)`
		: null;
	const people = sql`
		from users u
		left join credit_person_years y on y.user_id = u.id and y.year = ${year}
		${windowed.length ? sql`left join w on w.user_id = u.id` : sql``}
		where u.active and ${inSubtrees(sql, roots, 'u.unit_id')} and u.rank_level = any(${ranks}::text[])`;
	const cols = joined(
		sql,
		vs.map((_, i) => sql`${earned[i]} as ${e(i)}`),
		sql`,`
	);
	return { earlier, people, gap: gapSum(sql, vs, 'u.rank_level', (i) => earned[i]), cols };
}

const ranksOf = (vs: Version[]) => [...new Set(vs.flatMap((v) => v.rankLevels))];

/** `per`: one row per person below `roots` with any of the versions: e0, e1, … and `missing`. */
export function perUser(sql: Db, roots: number[] | null, year: number, vs: Version[]) {
	const { earlier, people, gap, cols } = gapOf(sql, roots, year, vs, ranksOf(vs));
	return sql`
		with ${earlier ? sql`${earlier},` : sql``} per as (
			select u.id as user_id, u.unit_id, ${cols}, ${gap} as missing
			${people}
			-- a fence: \`missing\` is worked out once per person, not again in the filter and the sort reading it
			offset 0
		)`;
}

/**
 * Per unit below `roots`: people with any of the versions, how many are below
 * and the sum missing ("unitId", people, below, missing). Ranks a windowed
 * version applies to (few: 县处级) are worked out per person as in `perUser`.
 * The other ranks need no join: their year's rows carry unit and rank (0172)
 * and are grouped as they are; the people of a unit and rank without a row
 * that year (earned nothing) are counted from users and miss the whole
 * requirement. On the prefecture that skips joining ~29,000 people.
 */
export function perUnit(sql: Db, roots: number[] | null, year: number, vs: Version[]) {
	const wide = ranksOf(vs.filter((v) => v.windowYears > 1));
	const flat = ranksOf(vs).filter((r) => !wide.includes(r));
	// every version applying to a flat rank is of one year
	const flatVs = vs.filter((v) => v.windowYears <= 1);
	const whole = flat.map((r) =>
		flatVs.filter((v) => v.rankLevels.includes(r)).reduce((a, v) => a + toCents(v.hours), 0)
	);
	const ctes: Fragment[] = [];
	const parts: Fragment[] = [];
	if (wide.length) {
		const { earlier, people, gap } = gapOf(sql, roots, year, vs, wide);
		if (earlier) ctes.push(earlier);
		parts.push(sql`
			select u.unit_id, count(*) as people, count(*) filter (where ${gap} > 0) as below, sum(${gap}) as missing
			${people}
			group by u.unit_id`);
	}
	if (flat.length) {
		const gap = gapSum(sql, flatVs, 'y.rank_level', (i) => centsOf(sql, 'y', flatVs[i].sources));
		ctes.push(sql`p as (
			select u.unit_id, u.rank_level, count(*) as n from users u
			where u.active and ${inSubtrees(sql, roots, 'u.unit_id')} and u.rank_level = any(${flat}::text[])
			group by u.unit_id, u.rank_level
		)`);
		ctes.push(sql`r as (
			select y.unit_id, y.rank_level, count(*) as n, count(*) filter (where ${gap} > 0) as below, sum(${gap}) as missing
			from credit_person_years y
			where y.year = ${year} and y.active and y.rank_level = any(${flat}::text[])
				and ${inSubtrees(sql, roots, 'y.unit_id')}
			group by y.unit_id, y.rank_level
		)`);
		parts.push(sql`
			select p.unit_id, p.n as people,
				coalesce(r.below, 0) + case when f.whole > 0 then p.n - coalesce(r.n, 0) else 0 end as below,
				coalesce(r.missing, 0) + (p.n - coalesce(r.n, 0)) * f.whole as missing
			from p join unnest(${flat}::text[], ${whole}::int[]) f (rank_level, whole) using (rank_level)
			left join r using (unit_id, rank_level)`);
	}
	return sql`
		with ${joined(sql, ctes, sql`,`)}
		select unit_id as "unitId", sum(people)::int as people, sum(below)::int as below, sum(missing)::int8 as missing
		from (${joined(sql, parts, sql`union all`)}) s
		group by unit_id`;
}
