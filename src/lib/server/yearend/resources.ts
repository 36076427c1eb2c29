// The year-end figures of the training resources: the lecturer pool and its
// ratings, and the field teaching bases, points and routes used (see the
// definitions at the top of stats.ts).
import type { Db } from '../db/index.ts';
import type { LecturerYear, ResourceUse, YearEnd } from '../../api/yearend.ts';
import { inTree, yearBounds, type YearEndQuery } from './query.ts';

/** The sessions of the year's classes organised in the subtree. */
function yearSessions(sql: Db, q: YearEndQuery) {
	const b = yearBounds(q.year);
	return sql`
		select s.id, s.lecturer_id, s.site_id, s.route_id from class_sessions s join classes c on c.id = s.class_id
		where c.starts_on >= ${b.from} and c.starts_on < ${b.to} and ${inTree(sql, q.unitId, 'c.organiser_unit_id')}`;
}

export async function lecturerYear(sql: Db, q: YearEndQuery): Promise<YearEnd['lecturers']> {
	const [rows, [pool]] = await Promise.all([
		sql<(LecturerYear & { scoreSum: number })[]>`
			with s as (${yearSessions(sql, q)}),
			taught as (select lecturer_id, count(*)::int as n from s where lecturer_id is not null group by lecturer_id),
			rated as (
				select r.lecturer_id, sum(r.ratings)::int as n, sum(r.score_total)::int as total
				from class_session_ratings r join s on s.id = r.session_id
				group by r.lecturer_id)
			select l.id, l.name, l.organisation, l.external, t.n as sessions, coalesce(r.n, 0) as ratings,
				coalesce(r.total, 0) as "scoreSum", round(r.total::numeric / nullif(r.n, 0), 2)::float8 as average
			from taught t join lecturers l on l.id = t.lecturer_id left join rated r on r.lecturer_id = t.lecturer_id
			order by t.n desc, l.name, l.id`,
		sql<{ n: number }[]>`select count(*)::int as n from lecturers where active`
	]);
	const ratings = rows.reduce((a, r) => a + r.ratings, 0);
	const scoreSum = rows.reduce((a, r) => a + r.scoreSum, 0);
	return {
		pool: pool.n,
		active: rows.length,
		sessions: rows.reduce((a, r) => a + r.sessions, 0),
		ratings,
		average: ratings ? Math.round((scoreSum / ratings) * 100) / 100 : null,
		rows: rows.map(({ scoreSum, ...r }) => r)
	};
}

export async function resourceUse(sql: Db, q: YearEndQuery): Promise<YearEnd['resources']> {
	const rows = await sql<ResourceUse[]>`
		with s as (${yearSessions(sql, q)})
		select t.kind, t.id, t.name, (select count(*) from s where s.site_id = t.id)::int as sessions
		from teaching_sites t where t.active
		union all
		select 'route', r.id, r.name, (select count(*) from s where s.route_id = r.id)::int
		from teaching_routes r where r.active
		order by 1, 4 desc, 3`;
	const used = (kind: ResourceUse['kind']) => ({
		total: rows.filter((r) => r.kind === kind).length,
		used: rows.filter((r) => r.kind === kind && r.sessions > 0).length
	});
	return { bases: used('base'), points: used('point'), routes: used('route'), rows };
}
