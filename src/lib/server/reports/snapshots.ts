// Daily snapshots of rolled-up counts per (programme, unit, day in the organisation's zone):
// what the bulletin shows for a past date and the completion chart draws.
import type { Db } from '$lib/server/db';
import { orgZone } from '../clock/index.ts';
import { endOfShanghaiDay, shanghaiDay } from './types.ts';

/** Stores today's (or `day`'s) rolled-up counts of every published programme; returns rows written. */
export async function takeSnapshots(sql: Db, day: string): Promise<number> {
	const res = await sql`
		insert into programme_snapshots as s (programme_id, day, unit_id, assigned, not_started, in_progress, completed)
		select c.programme_id, ${day}::date, cl.ancestor_id,
			sum(c.assigned), sum(c.not_started), sum(c.in_progress), sum(c.completed)
		from programme_unit_counts c
		join programmes p on p.id = c.programme_id and p.status = 'published'
		join org_closure cl on cl.descendant_id = c.unit_id
		where c.assigned > 0
		group by c.programme_id, cl.ancestor_id
		on conflict (programme_id, day, unit_id) do update set
			assigned = excluded.assigned, not_started = excluded.not_started,
			in_progress = excluded.in_progress, completed = excluded.completed`;
	return res.count;
}

/**
 * Fills days before `today` that have no snapshot yet (a programme published
 * before the job first ran, a missed run) from the assignments' own
 * timestamps: assigned_at, removed_at, started_at, completed_at. People count
 * in the unit they are in now (a move is not dated).
 */
export async function backfillSnapshots(
	sql: Db,
	programmeId: number,
	today: string
): Promise<number> {
	const zone = orgZone();
	const res = await sql`
		with p as (select id, starts_at from programmes where id = ${programmeId}),
		days as (
			select d::date as day, (d::date + 1)::timestamp at time zone ${zone} as ends
			from p, generate_series((p.starts_at at time zone ${zone})::date, ${today}::date - 1, interval '1 day') d
			where not exists (select 1 from programme_snapshots s where s.programme_id = p.id and s.day = d::date)
		),
		direct as (
			select days.day, a.unit_id, count(*) as n,
				count(*) filter (where a.completed_at < days.ends) as co,
				count(*) filter (where a.started_at < days.ends and not coalesce(a.completed_at < days.ends, false)) as ip
			from days join programme_assignments a on a.programme_id = ${programmeId}
				and a.assigned_at < days.ends and (a.removed_at is null or a.removed_at >= days.ends)
			group by days.day, a.unit_id
		)
		insert into programme_snapshots (programme_id, day, unit_id, assigned, not_started, in_progress, completed)
		select ${programmeId}, d.day, cl.ancestor_id, sum(d.n), sum(d.n - d.co - d.ip), sum(d.ip), sum(d.co)
		from direct d join org_closure cl on cl.descendant_id = d.unit_id
		group by d.day, cl.ancestor_id
		on conflict do nothing`;
	return res.count;
}

/** The daily job: backfill missing days of running programmes, then snapshot today. */
export async function snapshotJob(sql: Db, now = new Date()): Promise<number> {
	const today = shanghaiDay(now);
	const running = await sql<{ id: number }[]>`select id from programmes where status = 'published'`;
	let n = 0;
	for (const { id } of running) n += await backfillSnapshots(sql, id, today);
	return n + (await takeSnapshots(sql, today));
}

export interface SeriesPoint {
	day: string;
	assigned: number;
	completed: number;
	rate: number;
}

/** Completion of one unit's subtree per day (snapshots), with today from the live counters. */
export async function completionSeries(
	sql: Db,
	programmeId: number,
	unitId: number,
	now = new Date()
): Promise<SeriesPoint[]> {
	const today = shanghaiDay(now);
	const rows = await sql<{ day: string; assigned: number; completed: number }[]>`
		select to_char(day, 'YYYY-MM-DD') as day, assigned, completed from programme_snapshots
		where programme_id = ${programmeId} and unit_id = ${unitId} and day < ${today}::date
		order by day`;
	const [live] = await sql<{ assigned: number; completed: number }[]>`
		select coalesce(sum(c.assigned), 0)::int as assigned, coalesce(sum(c.completed), 0)::int as completed
		from programme_unit_counts c join org_closure cl on cl.descendant_id = c.unit_id
		where c.programme_id = ${programmeId} and cl.ancestor_id = ${unitId}`;
	const all = [...rows, { day: today, ...live }];
	return all.map((r) => ({ ...r, rate: r.assigned > 0 ? r.completed / r.assigned : 0 }));
}

export { endOfShanghaiDay };
