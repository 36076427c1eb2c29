// The year-end figures recounted the plain way, apart from the module's
// queries: attendance read from class_attendance itself (not the
// attended_sessions counter), grassroots units from their kinds (not the
// view), the subtree by a recursive walk down parent_id (not the closure
// table), one simple query per figure.
import type postgres from 'postgres';

export async function recount(sql: postgres.Sql, year: number, unitId: number | null) {
	const tree =
		unitId === null
			? sql`select id from org_units`
			: sql`with recursive t (id) as (select ${unitId}::int union all
				select u.id from org_units u join t on u.parent_id = t.id) select id from t`;
	const one = async (q: postgres.PendingQuery<postgres.Row[]>) => Number((await q)[0].n);
	const cls = sql`select * from classes where extract(year from starts_on) = ${year} and organiser_unit_id in (${tree})`;
	const yearClasses = sql`select id from classes where extract(year from starts_on) = ${year}`;
	// (class, person) pairs with a session attended, people of the subtree
	const took = sql`
		select distinct a.class_id, a.user_id from class_attendance a join users u on u.id = a.user_id
		where a.status in ('present', 'late') and a.class_id in (${yearClasses}) and u.unit_id in (${tree})`;
	const grassroots = sql`
		select u.id from org_units u left join org_units p on p.id = u.parent_id
		where u.kind = 'township' or u.kind = 'village'
			or (u.kind = 'department' and p.kind in ('county', 'park')) or (u.kind = 'other' and p.kind in ('county', 'park'))`;
	const cats = await sql`select code, kind from class_categories`;
	const byCategory: Record<string, number> = {};
	for (const c of cats)
		byCategory[c.code] = await one(
			c.kind === 'group'
				? sql`select count(*) as n from (${cls}) c where c.group_code = ${c.code}`
				: sql`select count(*) as n from (${cls}) c where c.field_code = ${c.code}`
		);
	const byRank: Record<string, number> = {};
	for (const r of ['county', 'township', 'general', 'employee'])
		byRank[r] = await one(sql`
			select count(distinct t.user_id) as n from (${took}) t join users u on u.id = t.user_id where u.rank_level = ${r}`);
	const records = (kind: string) => sql`
		select count(distinct r.user_id) as n from training_records r join users u on u.id = r.user_id
		where r.kind = ${kind} and extract(year from r.starts_on) = ${year} and u.unit_id in (${tree})
			and (r.ledger_entry_id is null or r.ledger_entry_id not in (select entry_id from credit_ledger_voids))`;
	const progs = sql`
		select id from programmes where status <> 'draft'
			and extract(year from starts_at at time zone 'Asia/Shanghai') <= ${year}
			and extract(year from deadline at time zone 'Asia/Shanghai') >= ${year}`;
	const programmes = await sql`
		select p.id, count(a.*) as assigned, count(a.*) filter (where a.status = 'completed') as completed
		from programmes p join programme_assignments a on a.programme_id = p.id
		where p.id in (${progs}) and a.removed_at is null and a.unit_id in (${tree})
		group by p.id order by p.id`;
	const sessions = sql`select s.* from class_sessions s where s.class_id in (select id from (${cls}) c)`;
	const ratings = await sql`
		select count(*) as n, avg(e.lecturer_score)::float8 as avg from class_evaluations e
		where e.lecturer_id is not null and e.session_id in (select id from (${sessions}) s)`;
	const resources = await sql`
		select kind, id, (select count(*) from (${sessions}) s where s.site_id = t.id)::int as n from teaching_sites t
		union all select 'route', id, (select count(*) from (${sessions}) s where s.route_id = r.id)::int from teaching_routes r`;
	return {
		classes: await one(sql`select count(*) as n from (${cls}) c`),
		groupClasses: await one(
			sql`select count(*) as n from (${cls}) c where c.group_code in ('econ_dev', 'law_gov')`
		),
		specialised: await one(
			sql`select count(*) as n from (${cls}) c where c.field_code is not null`
		),
		byCategory,
		personTimes: await one(sql`select count(*) as n from (${took}) t`),
		specialisedPersonTimes: await one(sql`
			select count(*) as n from (${took}) t join classes c on c.id = t.class_id where c.field_code is not null`),
		trained: await one(sql`select count(distinct user_id) as n from (${took}) t`),
		grassroots: await one(sql`
			select count(distinct t.user_id) as n from (${took}) t join users u on u.id = t.user_id
			where u.unit_id in (${grassroots})`),
		byRank,
		outOfRegion: await one(records('out_of_region')),
		secondments: await one(records('secondment')),
		onlineLearners: await one(sql`
			select count(distinct a.user_id) as n from programme_assignments a
			where a.programme_id in (${progs}) and a.removed_at is null and a.unit_id in (${tree})`),
		programmes: programmes.map((p) => [Number(p.assigned), Number(p.completed)]),
		lecturersActive: await one(sql`select count(distinct lecturer_id) as n from (${sessions}) s`),
		ratings: Number(ratings[0].n),
		average: ratings[0].avg === null ? null : Math.round(ratings[0].avg * 100) / 100,
		resources: resources.map((r) => [r.kind, r.id, r.n]).sort()
	};
}
