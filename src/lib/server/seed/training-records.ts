// The training year away from the classroom: out-of-region training (异地培训,
// "3183名干部赴疆外培训"), secondments ("选派195名州直、县直单位年轻干部…挂职锻炼"),
// each a training_records row with the ledger entry it earned; and the online
// programme of the year ("4.46万余名干部职工开展党的二十大精神线上专题学习").
import type { Db } from '../db/index.ts';
import type { TrainingTargets } from './training-plan.ts';

export const HOSTS = [
	'福建省委党校',
	'厦门大学',
	'浙江大学',
	'中国浦东干部学院',
	'井冈山干部学院',
	'延安干部学院',
	'福州大学',
	'清华大学'
];
const PLACES = [
	'福建福州',
	'福建厦门',
	'浙江杭州',
	'上海',
	'江西井冈山',
	'陕西延安',
	'福建福州',
	'北京'
];
export const SECONDMENT_TITLE = '“百名干部赴基层”挂职锻炼';
/** A secondment earns as many 学时 as this many days of an offline class (the seed's assumption). */
const SECONDMENT_DAYS = 5;

export async function insertRecords(tx: Db, t: TrainingTargets, zone: string): Promise<void> {
	const jan1 = `${t.year}-01-01`;
	// Out of region: cadres (乡科级 and above first), one course each, 7–21 days.
	await tx`
		with p as (
			select us.id from users us where us.rank_level in ('county', 'township', 'general')
			order by us.rank_level = 'general', hashtext('oor' || us.id), us.id limit ${t.outOfRegion}
		)
		insert into training_records (user_id, kind, title, organisation, place, starts_on, ends_on)
		select p.id, 'out_of_region', (${HOSTS}::text[])[1 + h % 8] || '“短精专特”专题培训班', (${HOSTS}::text[])[1 + h % 8],
			(${PLACES}::text[])[1 + h % 8], ${jan1}::date + 40 + (h / 8) % 280, ${jan1}::date + 40 + (h / 8) % 280 + 6 + (h / 3000) % 15
		from p cross join lateral (select abs(hashtext('oord' || p.id)) as h) x`;
	// Secondments: young cadres of prefecture and county bodies (州直、县直单位) to a township of the prefecture.
	await tx`
		with p as (
			select us.id from users us join org_units u on u.id = us.unit_id join org_units pu on pu.id = u.parent_id
			where u.kind = 'department' and pu.kind in ('prefecture', 'county') and us.rank_level in ('general', 'township')
			order by hashtext('sec' || us.id), us.id limit ${t.secondments}
		)
		insert into training_records (user_id, kind, title, organisation, place, starts_on, ends_on)
		select p.id, 'secondment', ${SECONDMENT_TITLE}, host.name, host.name,
			${jan1}::date + 59 + h % 120, ${jan1}::date + 59 + h % 120 + 180
		from p cross join lateral (select abs(hashtext('secd' || p.id)) as h) x
		cross join lateral (
			select name from org_units where kind = 'township' order by hashtext('sech' || p.id || ':' || id), id limit 1) host`;
	// Their 学时: out of region days × 'offline_class_day'; a secondment SECONDMENT_DAYS × it; earned the day after.
	await tx`
		insert into credit_ledger (user_id, year, source, source_id, hours, earned_at, rule_version_id)
		select r.user_id, extract(year from e.at at time zone ${zone})::int, r.kind, r.id::text,
			case when r.kind = 'secondment' then ${SECONDMENT_DAYS} else r.ends_on - r.starts_on + 1 end * coalesce(h.hours, 0),
			e.at, v.id
		from training_records r
		cross join lateral (select ((r.ends_on + 1) + time '09:00') at time zone ${zone} as at) e
		cross join lateral (select credit_version_at(e.at) as id) v
		left join lateral (
			select hours from credit_rules where version_id = v.id and kind = 'offline_class_day' order by id limit 1) h on true
		where r.ledger_entry_id is null and r.entered_by is null and extract(year from r.starts_on) = ${t.year}`;
	await tx`
		update training_records r set ledger_entry_id = l.id
		from credit_ledger l
		where l.source = r.kind and l.source_id = r.id::text and l.user_id = r.user_id and r.ledger_entry_id is null`;
}

const COURSES = [
	'党的二十大报告全文解读',
	'“两个确立”的决定性意义',
	'铸牢中华民族共同体意识',
	'全面依法治国',
	'乡村振兴战略',
	'高质量发展'
];

/** The year's online programme: `onlineLearners` people assigned, most of them done by its deadline. */
export async function insertOnline(
	tx: Db,
	t: TrainingTargets,
	rootId: number,
	zone: string
): Promise<void> {
	const startsAt = `${t.year}-10-24 00:00`;
	const deadline = `${t.year}-12-31 23:59:59`;
	const [admin] = await tx<{ id: number }[]>`select id from users where employee_no = 'admin'`;
	const courses = await tx<{ id: number }[]>`
		insert into courses (title, category, status, published_at)
		select c, 'theory', 'published', ${startsAt}::timestamp at time zone ${zone}
		from unnest(${COURSES}::text[]) with ordinality as x (c, ord) order by ord returning id`;
	const [p] = await tx<{ id: number }[]>`
		insert into programmes (title, description, status, created_by, starts_at, deadline, published_at)
		values (${`“云端课堂”党的二十大精神线上专题学习（${t.year}）`}, '全州各县市（园区）、州直部门单位、国有企事业单位干部职工线上专题学习',
			'archived', ${admin?.id ?? null}, ${startsAt}::timestamp at time zone ${zone},
			${deadline}::timestamp at time zone ${zone}, ${startsAt}::timestamp at time zone ${zone})
		returning id`;
	await tx`
		insert into programme_courses (programme_id, course_id, required, position)
		select ${p.id}, id, true, row_number() over (order by id) from unnest(${courses.map((c) => c.id)}::int[]) as x (id)`;
	await tx`insert into programme_units (programme_id, unit_id) values (${p.id}, ${rootId})`;
	await tx`
		with u as (
			select us.id, us.unit_id, abs(hashtext('online' || us.id)) as h from users us where us.active
			order by hashtext('onl' || us.id), us.id limit ${t.onlineLearners}
		), s as (
			select *, case when h % 100 < 91 then 'completed' when h % 100 < 97 then 'in_progress' else 'not_started' end as status
			from u
		)
		insert into programme_assignments (programme_id, user_id, unit_id, assigned_at, status, required_total, required_done,
			started_at, completed_at, last_activity_at)
		select ${p.id}, s.id, s.unit_id, pr.starts_at, s.status, ${COURSES.length},
			case s.status when 'completed' then ${COURSES.length} when 'in_progress' then 1 + h % ${COURSES.length - 1} else 0 end,
			case when s.status <> 'not_started' then pr.starts_at + (h % 20) * interval '1 day' end,
			case when s.status = 'completed' then pr.starts_at + (20 + h % 45) * interval '1 day' end,
			case when s.status <> 'not_started' then pr.starts_at + (20 + h % 46) * interval '1 day' end
		from s cross join programmes pr where pr.id = ${p.id}`;
}
