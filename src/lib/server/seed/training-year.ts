// The prefecture seed's training year, shaped like the source document
// (昌吉州 2022): classes with their menus, enrolments, attendance, evaluations
// and 学时, out-of-region training, secondments, an online programme, the
// lecturer pool and the field teaching resources. Set-based: a handful of
// INSERT … SELECT statements (unnest of the planned classes and sessions,
// generate_series for the trainees), deterministic for a seed.
//
// Who attends: the people trained form a pool, ordered by the part of the
// prefecture they work in (county, park, department…): first exactly
// `grassroots` people of grassroots units (the view grassroots_units), then
// other cadres. The classes' attendee places, numbered 0…T−1 in class order,
// go to pool member (place mod pool size): every pool member attends at least
// one class (T ≥ pool size), no one twice in a class, and no other
// grassroots person attends any class. So the figures come out exactly.
import type { Db } from '../db/index.ts';
import { inTransaction } from '../db/tx.ts';
import { orgZone } from '../clock/index.ts';
import { Random } from './random.ts';
import { insertResources } from './training-resources.ts';
import { DOCUMENT_TARGETS, planClasses, type TrainingTargets } from './training-plan.ts';
import { insertAttendance } from './training-attendance.ts';
import { insertOnline, insertRecords } from './training-records.ts';

export { DOCUMENT_TARGETS, scaledTargets, type TrainingTargets } from './training-plan.ts';

export interface TrainingYearResult {
	classes: number;
	sessions: number;
	enrolments: number;
	attendance: number;
	ms: number;
	/** Milliseconds per step, in order (what the seed script prints with --verbose). */
	steps: Record<string, number>;
}

export async function seedTrainingYear(
	sql: Db,
	targets: TrainingTargets = DOCUMENT_TARGETS,
	seed = 2022
): Promise<TrainingYearResult> {
	const started = performance.now();
	const rng = new Random(seed ^ 0x5eed);
	const zone = orgZone();
	const steps: Record<string, number> = {};
	let mark = started;
	const step = (label: string) => {
		const now = performance.now();
		steps[label] = Math.round(now - mark);
		mark = now;
	};
	return inTransaction(sql, async (tx) => {
		const res = await insertResources(tx, rng, targets.lecturers);
		const sites = [...res.baseIds, ...res.pointIds];
		const plan = planClasses(rng, targets, {
			lecturers: res.lecturerIds.length,
			sites: sites.length,
			routes: res.routeIds.length
		});
		const [root] = await tx<{ id: number }[]>`
			select id from org_units where parent_id is null order by id limit 1`;
		const idRows = await tx<{ id: number }[]>`
			select nextval(pg_get_serial_sequence('classes', 'id'))::int as id from generate_series(1, ${plan.length})`;
		const ids = idRows.map((r) => r.id).sort((a, b) => a - b);
		const jan1 = `${targets.year}-01-01`;
		await tx`
			insert into classes (id, title, group_code, field_code, organiser_unit_id, starts_on, ends_on,
				location_text, capacity, status, finished_at)
			select id, title, g, f, ${root.id}, ${jan1}::date + sd, ${jan1}::date + sd + d - 1, '州委党校', cap,
				'finished', ((${jan1}::date + sd + d) + time '08:00') at time zone ${zone}
			from unnest(${ids}::int[], ${plan.map((c) => c.title)}::text[], ${plan.map((c) => c.group)}::text[],
				${plan.map((c) => c.field)}::text[], ${plan.map((c) => c.startDay)}::int[], ${plan.map((c) => c.days)}::int[],
				${plan.map((c) => Math.ceil((c.attended + c.noShows) * 1.1))}::int[]) as x (id, title, g, f, sd, d, cap)`;
		const ss = plan.flatMap((c, i) =>
			c.sessions.map((s) => ({ ...s, classId: ids[i], startDay: c.startDay }))
		);
		const staff = new Set(res.staffLecturerIds);
		await tx`
			insert into class_sessions (class_id, starts_at, ends_at, topic, kind, lecturer_id, site_id, route_id, place_text)
			select c, ((${jan1}::date + sd + d) + time '09:30') at time zone ${zone},
				((${jan1}::date + sd + d) + time '12:00') at time zone ${zone}, t, k, l, s, r, coalesce(p, '')
			from unnest(${ss.map((s) => s.classId)}::int[], ${ss.map((s) => s.startDay)}::int[], ${ss.map((s) => s.day)}::int[],
				${ss.map((s) => s.topic)}::text[], ${ss.map((s) => s.kind)}::text[],
				${ss.map((s) => res.lecturerIds[s.lecturer])}::int[],
				${ss.map((s) => (s.site === null ? null : sites[s.site]))}::int[],
				${ss.map((s) => (s.route === null ? null : res.routeIds[s.route]))}::int[],
				${ss.map((s) => (s.room === null ? null : `第${s.room + 1}培训教室`))}::text[]) as x (c, sd, d, t, k, l, s, r, p)`;
		step('classes');
		const attendedTotal = plan.reduce((a, c) => a + c.attended, 0);
		if (attendedTotal < targets.grassroots)
			throw new Error('fewer attendee places than grassroots trainees');
		await buildPool(tx, root.id, targets.grassroots, attendedTotal - targets.grassroots);
		step('pool');
		// The trigger keeping enrolled_count runs per row; counted once below instead.
		await tx`alter table class_enrolments disable trigger class_enrolments_count`;
		const enrolments = await enrol(
			tx,
			ids,
			plan.map((c) => c.attended),
			plan.map((c) => c.noShows)
		);
		await tx`alter table class_enrolments enable trigger class_enrolments_count`;
		await tx`
			update classes c set enrolled_count = e.n from (
				select class_id, count(*)::int as n from class_enrolments
				where class_id = any(${ids}::int[]) and status = 'enrolled' group by class_id) e
			where e.class_id = c.id`;
		await placeClasses(tx, ids, root.id);
		step('enrolments');
		const attendance = await insertAttendance(tx, ids, [...staff], zone, step);
		await insertRecords(tx, targets, zone);
		step('records');
		await insertOnline(tx, targets, root.id, zone);
		step('online');
		await tx`analyze`;
		step('analyze');
		const ms = Math.round(performance.now() - started);
		return { classes: ids.length, sessions: ss.length, enrolments, attendance, ms, steps };
	});
}

/** ty_pool (pos, user_id): the people trained, ordered by the part of the prefecture they work in. */
async function buildPool(tx: Db, rootId: number, grassroots: number, others: number) {
	await tx`
		create temp table ty_pool on commit drop as
		with g as (
			select us.id from users us where us.unit_id in (select id from grassroots_units)
			order by hashtext('ty-g' || us.id), us.id limit ${grassroots}
		), o as (
			select us.id from users us
			where us.unit_id not in (select id from grassroots_units) and us.rank_level <> 'employee'
			order by hashtext('ty-o' || us.id), us.id limit ${others}
		), p as (select id from g union all select id from o)
		select (row_number() over (order by coalesce(a.area, ${rootId}), hashtext('ty-p' || p.id), p.id) - 1)::int as pos,
			p.id as user_id
		from p join users us on us.id = p.id
		left join lateral (
			select c.ancestor_id as area from org_closure c join org_units au on au.id = c.ancestor_id
			where c.descendant_id = us.unit_id and au.parent_id = ${rootId}) a on true`;
	const [{ n }] = await tx<{ n: number }[]>`select count(*)::int as n from ty_pool`;
	if (n < grassroots)
		throw new Error(`only ${n} grassroots people for ${grassroots} grassroots trainees`);
}

/** Attendee places → pool members; then a few no-shows (enrolled, never came) per class. */
async function enrol(
	tx: Db,
	ids: number[],
	attended: number[],
	noShows: number[]
): Promise<number> {
	const a = await tx`
		with c as (select * from unnest(${ids}::int[], ${attended}::int[]) as x (class_id, n)),
		s as (select c.class_id, (row_number() over (order by c.class_id, k) - 1) as place
			from c, generate_series(1, c.n) k),
		n as (select count(*) as n from ty_pool)
		insert into class_enrolments (class_id, user_id, status, via, queued_at, enrolled_at)
		select s.class_id, p.user_id, 'enrolled', 'selection', q.at, q.at
		from s cross join n join ty_pool p on p.pos = s.place % n.n
		join classes cl on cl.id = s.class_id
		cross join lateral (select (cl.starts_on - 10)::timestamp at time zone 'UTC' as at) q`;
	await tx`
		create temp table ty_noshow on commit drop as
		with c as (select * from unnest(${ids}::int[], ${noShows}::int[]) as x (class_id, n)),
		s as (select c.class_id, (row_number() over (order by c.class_id, k) - 1) as place
			from c, generate_series(1, c.n) k where c.n > 0),
		n as (select count(*) as n from ty_pool)
		select distinct s.class_id, p.user_id from s cross join n join ty_pool p on p.pos = (s.place * 7919 + n.n / 2) % n.n
		where not exists (select 1 from class_enrolments e where e.class_id = s.class_id and e.user_id = p.user_id)`;
	const b = await tx`
		insert into class_enrolments (class_id, user_id, status, via, queued_at, enrolled_at)
		select ns.class_id, ns.user_id, 'enrolled', 'selection', q.at, q.at
		from ty_noshow ns join classes cl on cl.id = ns.class_id
		cross join lateral (select (cl.starts_on - 10)::timestamp at time zone 'UTC' as at) q`;
	return a.count + b.count;
}

/** Each class is organised by the part of the prefecture most of its trainees come from. */
async function placeClasses(tx: Db, ids: number[], rootId: number) {
	await tx`
		update classes c set organiser_unit_id = x.area,
			location_text = case when au.kind = 'county' then au.name || '委党校' else '州委党校' end
		from (
			select e.class_id, mode() within group (order by coalesce(a.area, ${rootId})) as area
			from class_enrolments e join users us on us.id = e.user_id
			left join lateral (
				select cl.ancestor_id as area from org_closure cl join org_units au on au.id = cl.ancestor_id
				where cl.descendant_id = us.unit_id and au.parent_id = ${rootId}) a on true
			where e.class_id = any(${ids}::int[])
			group by e.class_id) x
		join org_units au on au.id = x.area
		where c.id = x.class_id`;
}
