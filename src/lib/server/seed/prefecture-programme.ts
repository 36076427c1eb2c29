// The prefecture-scale study programme for the report benchmark: 10 courses
// (8 required, 2 electives, at least one elective), published to the whole
// prefecture 30 days ago with the deadline 10 days ahead, and realistic
// partial progress: each unit has its own engagement (some villages nearly
// done, some barely started), people within a unit vary around it.
// Assignments are written in bulk, as the state the programme code keeps
// (status, counters, timestamps); per-lesson progress rows are not generated
// because reports never read them.
import type { Db } from '../db/index.ts';
import { backfillSnapshots } from '../reports/snapshots.ts';
import { shanghaiDay } from '../reports/types.ts';

export const PREFECTURE_PROGRAMME_TITLE = '“云端课堂”学习贯彻党的二十大精神专题学习';

const COURSES = [
	'党的二十大报告全文解读',
	'习近平新时代中国特色社会主义思想概论',
	'铸牢中华民族共同体意识',
	'全面依法治国专题讲座',
	'乡村振兴战略与实践',
	'新发展理念与高质量发展',
	'意识形态工作责任制',
	'党风廉政建设与反腐败',
	'数字政府建设概览',
	'突发事件应急管理'
];

export async function seedPrefectureProgramme(
	sql: Db,
	now = new Date()
): Promise<{ programmeId: number; assigned: number }> {
	const DAY = 86_400_000;
	const startsAt = new Date(now.getTime() - 30 * DAY);
	const deadline = new Date(now.getTime() + 10 * DAY);
	const [root] = await sql<
		{ id: number }[]
	>`select id from org_units where parent_id is null order by id limit 1`;
	const [admin] = await sql<{ id: number }[]>`select id from users where employee_no = 'admin'`;
	const courses = await sql<{ id: number }[]>`
		insert into courses (title, category, status, published_at)
		select t, 'theory', 'published', ${startsAt} from unnest(${COURSES}::text[]) as t returning id`;
	const [p] = await sql<{ id: number }[]>`
		insert into programmes (title, description, status, created_by, starts_at, deadline, min_electives, published_at)
		values (${PREFECTURE_PROGRAMME_TITLE}, '全州干部职工线上专题学习', 'published', ${admin?.id ?? null}, ${startsAt}, ${deadline}, 1, ${startsAt})
		returning id`;
	await sql`
		insert into programme_courses (programme_id, course_id, required, position)
		select ${p.id}, id, ord <= 8, ord from unnest(${courses.map((c) => c.id)}::int[]) with ordinality as c(id, ord)`;
	await sql`insert into programme_units (programme_id, unit_id) values (${p.id}, ${root.id})`;
	// Deterministic pseudo-random numbers from ids (hashes), so the same seed gives the same report.
	const res = await sql`
		with u as (
			select us.id, us.unit_id,
				-- the unit's engagement 0.15..0.95, the person's draw 0..1
				0.15 + 0.8 * ((abs(hashtext('unit' || us.unit_id)) % 1000) / 1000.0) as eng,
				(abs(hashtext('person' || us.id)) % 10000) / 10000.0 as x,
				(abs(hashtext('day' || us.id)) % 1000) / 1000.0 as y
			from users us where us.active
		), s as (
			select *, case when x < eng * 0.75 then 'completed' when x < eng * 0.75 + 0.2 then 'in_progress' else 'not_started' end as status
			from u
		)
		insert into programme_assignments (programme_id, user_id, unit_id, assigned_at, status, required_total, required_done,
			electives_done, started_at, completed_at, last_activity_at)
		select ${p.id}, s.id, s.unit_id, ${startsAt}, s.status, 8,
			case s.status when 'completed' then 8 when 'in_progress' then 1 + floor(y * 7)::int else 0 end,
			case s.status when 'completed' then 1 else 0 end,
			case when s.status <> 'not_started' then ${startsAt}::timestamptz + (y * 10) * interval '1 day' end,
			case when s.status = 'completed' then ${startsAt}::timestamptz + (10 + y * 19) * interval '1 day' end,
			case when s.status <> 'not_started' then ${startsAt}::timestamptz + (10 + y * 19.5) * interval '1 day' end
		from s`;
	await backfillSnapshots(sql, p.id, shanghaiDay(now));
	return { programmeId: p.id, assigned: res.count };
}
