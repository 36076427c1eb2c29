// The year-end statistics of a year for the whole organisation or a subtree,
// computed from the rows. What each figure means (the source document's
// words, in this schema):
// - a class of the year: classes.starts_on in the year; counted for a subtree
//   when its organiser unit lies in it. By category: its group (经济发展类 /
//   依法治理类) and its field (八大领域); a class may have both or neither.
// - specialised class (专业化培训班次): a class with a field (field_code).
// - person-time (人次): one trainee taking part in one class of the year, i.e.
//   an enrolment with at least one session attended, present or late
//   (class_enrolments.attended_sessions > 0); a person in two classes is two.
//   Read from class_trainee_years (per person and year, kept by triggers).
//   For a subtree: trainees working in it, whoever organised the class.
// - people trained: distinct persons with a person-time, by rank level.
// - grassroots cadres trained (基层干部): people trained whose unit is a
//   grassroots unit (the view grassroots_units, migrations/0130).
// - out-of-region trainees (异地培训) and secondments (挂职锻炼): distinct
//   persons with a training_records row of that kind starting in the year,
//   unless its ledger entry was voided.
// - online learners: distinct persons assigned (not removed) to a published or
//   archived programme whose period overlaps the year; completion per
//   programme from its per-unit counts.
// - lecturers: the pool (active lecturers); active = taught a session of a
//   class of the year; ratings = the year's evaluations of those sessions.
// - bases/points/routes used: named as the place of a session of such a class.
import type { Db } from '../db/index.ts';
import type { YearEnd } from '../../api/yearend.ts';
import { lecturerYear, resourceUse } from './resources.ts';
import { inTree, RANKS, yearBounds, type YearEndQuery } from './query.ts';

export type { YearEndQuery } from './query.ts';

export async function yearEndStats(sql: Db, q: YearEndQuery): Promise<YearEnd> {
	const b = yearBounds(q.year);
	const [unit, categories, classes, people, records, online, lecturers, resources] =
		await Promise.all([
			q.unitId === null
				? null
				: sql<
						{ id: number; name: string }[]
					>`select id, name from org_units where id = ${q.unitId}`,
			sql<{ code: string; kind: 'group' | 'field'; nameZh: string; nameEn: string }[]>`
			select code, kind, name_zh as "nameZh", name_en as "nameEn" from class_categories
			order by kind = 'field', position, code`,
			sql<{ group: string | null; field: string | null; n: number }[]>`
			select c.group_code as group, c.field_code as field, count(*)::int as n from classes c
			where c.starts_on >= ${b.from} and c.starts_on < ${b.to} and ${inTree(sql, q.unitId, 'c.organiser_unit_id')}
			group by 1, 2`,
			peopleFigures(sql, q),
			sql<{ kind: string; n: number }[]>`
			select r.kind, count(distinct r.user_id)::int as n
			from training_records r
			where r.starts_on >= ${b.from} and r.starts_on < ${b.to}
				and ${q.unitId === null ? sql`true` : sql`r.user_id in (select id from users u where ${inTree(sql, q.unitId, 'u.unit_id')})`}
				and not exists (select 1 from credit_ledger_voids v where v.entry_id = r.ledger_entry_id)
			group by r.kind`,
			onlineFigures(sql, q),
			lecturerYear(sql, q),
			resourceUse(sql, q)
		]);
	const count = (f: (r: (typeof classes)[number]) => boolean) =>
		classes.filter(f).reduce((a, r) => a + r.n, 0);
	const total = count(() => true);
	const groupClasses = count((r) => r.group !== null);
	const kind = (k: string) => records.find((r) => r.kind === k)?.n ?? 0;
	return {
		year: q.year,
		unit: unit?.[0] ?? null,
		classes: total,
		groupClasses,
		groupShare: total ? groupClasses / total : 0,
		categories: categories.map((c) => ({
			...c,
			classes: count((r) => (c.kind === 'group' ? r.group : r.field) === c.code)
		})),
		specialisedClasses: count((r) => r.field !== null),
		...people,
		outOfRegion: kind('out_of_region'),
		secondments: kind('secondment'),
		online,
		lecturers,
		resources
	};
}

async function peopleFigures(sql: Db, q: YearEndQuery) {
	// class_trainee_years (0131): one row per person and year, kept by triggers
	const [r] = await sql`
		select coalesce(sum(t.classes), 0)::int as pt, coalesce(sum(t.specialised), 0)::int as spt,
			count(*)::int as trained,
			count(*) filter (where g.id is not null)::int as grassroots,
			count(*) filter (where u.rank_level = 'county')::int as county,
			count(*) filter (where u.rank_level = 'township')::int as township,
			count(*) filter (where u.rank_level = 'general')::int as general,
			count(*) filter (where u.rank_level = 'employee')::int as employee
		from class_trainee_years t join users u on u.id = t.user_id
		left join grassroots_units g on g.id = u.unit_id
		where t.year = ${q.year} and t.classes > 0 and ${inTree(sql, q.unitId, 'u.unit_id')}`;
	return {
		personTimes: r.pt as number,
		specialisedPersonTimes: r.spt as number,
		trainedPeople: r.trained as number,
		grassrootsTrained: r.grassroots as number,
		trainedByRank: RANKS.map((k) => ({ rankLevel: k, people: r[k] as number }))
	};
}

async function onlineFigures(sql: Db, q: YearEndQuery) {
	const b = yearBounds(q.year);
	const programmes = await sql<
		{ id: number; title: string; assigned: number; completed: number }[]
	>`
		select p.id, p.title, coalesce(sum(c.assigned), 0)::int as assigned, coalesce(sum(c.completed), 0)::int as completed
		from programmes p join programme_unit_counts c on c.programme_id = p.id and ${inTree(sql, q.unitId, 'c.unit_id')}
		where p.status <> 'draft' and p.starts_at < ${b.toAt} and p.deadline >= ${b.fromAt}
		group by p.id having sum(c.assigned) > 0
		order by p.starts_at, p.id`;
	// one assignment per person and programme: with one programme, its count is the learners
	const [l] =
		programmes.length === 1
			? [{ n: programmes[0].assigned }]
			: programmes.length
				? await sql<{ n: number }[]>`
			select count(distinct a.user_id)::int as n from programme_assignments a
			where a.programme_id = any(${programmes.map((p) => p.id)}::int[]) and a.removed_at is null
				and ${inTree(sql, q.unitId, 'a.unit_id')}`
				: [{ n: 0 }];
	return {
		learners: l.n,
		programmes: programmes.map((p) => ({ ...p, rate: p.assigned ? p.completed / p.assigned : 0 }))
	};
}
