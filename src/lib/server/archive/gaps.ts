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

const ranksOf = (vs: Version[]) => [...new Set(vs.flatMap((v) => v.rankLevels))];

/** `col` is a unit of the subtrees of `roots`; null: everyone (an administrator's whole tree), no filter to pay for. */
const inSubtrees = (sql: Db, roots: number[] | null, col: string) =>
	roots === null
		? sql`true`
		: sql`${sql(col)} in (select descendant_id from org_closure where ancestor_id = any(${roots}::int[]))`;

/**
 * The sum of what is missing against each version applying to the rank in
 * `rankCol`: one branch per rank, so a row compares its rank with a few
 * strings instead of testing it against each version's array (a per-row
 * array test was most of the roll-up's time).
 */
function gapSum(sql: Db, vs: Version[], rankCol: string, earned: (i: number) => Fragment) {
	const branches = ranksOf(vs).map((rank) => {
		const terms = vs.flatMap((v, i) =>
			v.rankLevels.includes(rank)
				? [sql`greatest(0, ${toCents(v.hours)}::int - (${earned(i)}))`]
				: []
		);
		return sql`when ${rank}::text then ${joined(sql, terms, sql`+`)}`;
	});
	return sql`(case ${sql(rankCol)} ${joined(sql, branches, sql``)} else 0 end)`;
}

/**
 * A lateral aggregate of one person's rows (`z`) over the widest window: per
 * version in `indices`, the hundredths of its sources within its own window
 * ending with `last` (e0, e1, …). An index scan by person, so it costs what
 * these people have, not the table's size.
 */
function windowSums(sql: Db, vs: Version[], indices: number[], year: number, last: number) {
	const widest = Math.max(1, ...indices.map((i) => vs[i].windowYears));
	const cols = indices.map(
		(i) =>
			sql`sum(case when z.year > ${year - vs[i].windowYears} then ${centsOf(sql, 'z', vs[i].sources)} else 0 end) as ${sql(`e${i}`)}`
	);
	return sql`lateral (
		select ${joined(sql, cols, sql`,`)}
		from credit_person_years z
		where z.user_id = u.id and z.year between ${year - widest + 1} and ${last}
	)`;
}

const people = (sql: Db, roots: number[] | null, ranks: string[]) =>
	sql`u.active and ${inSubtrees(sql, roots, 'u.unit_id')} and u.rank_level = any(${ranks}::text[])`;

/**
 * `per`: one row per active person below `roots` with any of the versions:
 * what they earned against each (e0, e1, …) and `missing`. This year's
 * figures are the person's one row of the year (a join); a window of several
 * years adds the earlier years of the people it applies to (`w`).
 */
export function perUser(sql: Db, roots: number[] | null, year: number, vs: Version[]) {
	const windowed = vs.flatMap((v, i) => (v.windowYears > 1 ? [i] : []));
	const earned = vs.map((v, i) =>
		windowed.includes(i)
			? sql`coalesce(${centsOf(sql, 'y', v.sources)}, 0) + coalesce(w.${sql(`e${i}`)}, 0)`
			: sql`coalesce(${centsOf(sql, 'y', v.sources)}, 0)`
	);
	const cols = vs.map((_, i) => sql`${earned[i]} as ${sql(`e${i}`)}`);
	const earlier = windowed.length
		? sql`w as materialized (
			select u.id as user_id, z.*
			from users u cross join ${windowSums(sql, vs, windowed, year, year - 1)} z
			where ${people(sql, roots, ranksOf(windowed.map((i) => vs[i])))}
		),`
		: sql``;
	return sql`
		with ${earlier} per as (
			select u.id as user_id, u.unit_id, ${joined(sql, cols, sql`,`)},
				${gapSum(sql, vs, 'u.rank_level', (i) => earned[i])} as missing
			from users u
			left join credit_person_years y on y.user_id = u.id and y.year = ${year}
			${windowed.length ? sql`left join w on w.user_id = u.id` : sql``}
			where ${people(sql, roots, ranksOf(vs))}
			-- a fence: \`missing\` is worked out once per person, not again in the filter and the sort reading it
			offset 0
		)`;
}

/**
 * Per unit below `roots`: people with any of the versions, how many are below
 * and the sum missing ("unitId", people, below, missing).
 * - Ranks a windowed version applies to (few: 县处级): per person, all their
 *   figures from one lateral aggregate of their rows in the window.
 * - The other ranks need no join: their rows of the year carry unit and rank
 *   (0172) and are grouped as they are; a unit's people of a rank without a
 *   row that year (nothing earned) are counted from users and miss the whole
 *   requirement. On the prefecture that skips joining ~29,000 people.
 */
export function perUnit(sql: Db, roots: number[] | null, year: number, vs: Version[]) {
	const wide = ranksOf(vs.filter((v) => v.windowYears > 1));
	const flat = ranksOf(vs).filter((r) => !wide.includes(r));
	const parts: Fragment[] = [];
	if (wide.length) {
		const all = vs.map((_, i) => i);
		const gap = gapSum(sql, vs, 'u.rank_level', (i) => sql`coalesce(${sql(`e.e${i}`)}, 0)`);
		parts.push(sql`
			select u.unit_id, count(*) as people, count(*) filter (where ${gap} > 0) as below, sum(${gap}) as missing
			from users u cross join ${windowSums(sql, vs, all, year, year)} e
			where ${people(sql, roots, wide)}
			group by u.unit_id`);
	}
	if (flat.length) {
		// every version applying to a flat rank is of one year
		const one = vs.filter((v) => v.windowYears <= 1);
		const whole = flat.map((r) =>
			one.filter((v) => v.rankLevels.includes(r)).reduce((a, v) => a + toCents(v.hours), 0)
		);
		const gap = gapSum(sql, one, 'y.rank_level', (i) => centsOf(sql, 'y', one[i].sources));
		parts.push(sql`
			select p.unit_id, p.n as people,
				coalesce(r.below, 0) + case when f.whole > 0 then p.n - coalesce(r.n, 0) else 0 end as below,
				coalesce(r.missing, 0) + (p.n - coalesce(r.n, 0)) * f.whole as missing
			from (
				select u.unit_id, u.rank_level, count(*) as n from users u
				where ${people(sql, roots, flat)}
				group by u.unit_id, u.rank_level
			) p
			join unnest(${flat}::text[], ${whole}::int[]) f (rank_level, whole) using (rank_level)
			left join (
				select y.unit_id, y.rank_level, count(*) as n,
					count(*) filter (where ${gap} > 0) as below, sum(${gap}) as missing
				from credit_person_years y
				where y.year = ${year} and y.active and y.rank_level = any(${flat}::text[])
					and ${inSubtrees(sql, roots, 'y.unit_id')}
				group by y.unit_id, y.rank_level
			) r using (unit_id, rank_level)`);
	}
	return sql`
		select unit_id as "unitId", sum(people)::int as people, sum(below)::int as below,
			sum(missing)::int8 as missing
		from (${joined(sql, parts, sql`union all`)}) s
		group by unit_id`;
}
