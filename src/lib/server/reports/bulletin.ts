// 情况通报: units at one level below the viewer's roots ranked by completion
// rate as of a day (a past day from the daily snapshots, today live).
import type { Db } from '$lib/server/db';
import { shanghaiDay } from './types.ts';

// one collator: localeCompare with a locale builds one per call
const byName = new Intl.Collator('zh-CN');

export interface BulletinRow {
	rank: number;
	unitId: number;
	name: string;
	/** Names between the root and the unit (› separated), '' at level 1. */
	path: string;
	assigned: number;
	completed: number;
	inProgress: number;
	notStarted: number;
	rate: number;
}

export interface Bulletin {
	day: string;
	live: boolean;
	level: number;
	rows: BulletinRow[];
	/** false when the day is in the past and no snapshot was taken that day */
	available: boolean;
}

export const MAX_LEVEL = 5;

export async function bulletin(
	sql: Db,
	programmeId: number,
	rootIds: number[],
	level: number,
	day: string | null,
	now = new Date()
): Promise<Bulletin> {
	const today = shanghaiDay(now);
	const d = day && day < today ? day : today;
	const live = d === today;
	const lv = Math.min(MAX_LEVEL, Math.max(1, Math.floor(level) || 1));
	const units = sql`
		select cl.descendant_id as id, cl.ancestor_id as root from org_closure cl
		where cl.ancestor_id = any(${rootIds}::int[]) and cl.depth = ${lv}`;
	const counts = live
		? sql`
			select lv.id, sum(c.assigned)::int as assigned, sum(c.completed)::int as completed,
				sum(c.in_progress)::int as "inProgress", sum(c.not_started)::int as "notStarted"
			from lv join org_closure x on x.ancestor_id = lv.id
			join programme_unit_counts c on c.programme_id = ${programmeId} and c.unit_id = x.descendant_id
			group by lv.id`
		: sql`
			select lv.id, s.assigned, s.completed, s.in_progress as "inProgress", s.not_started as "notStarted"
			from lv join programme_snapshots s on s.programme_id = ${programmeId} and s.day = ${d}::date and s.unit_id = lv.id`;
	const rows = await sql<Omit<BulletinRow, 'rank' | 'rate'>[]>`
		with lv as (${units}), n as (${counts})
		select u.id as "unitId", u.name,
			array_to_string(array(
				select a.name from org_closure p join org_units a on a.id = p.ancestor_id
				where p.descendant_id = u.id and p.depth between 1 and ${lv - 1} order by p.depth desc
			), ' › ') as path,
			n.assigned, n.completed, n."inProgress", n."notStarted"
		from n join org_units u on u.id = n.id
		where n.assigned > 0`;
	const ranked = rows
		.map((r) => ({ ...r, rate: r.completed / r.assigned }))
		.sort((a, b) => b.rate - a.rate || b.assigned - a.assigned || byName.compare(a.name, b.name));
	let available = true;
	if (!live && !ranked.length) {
		const [s] =
			await sql`select 1 from programme_snapshots where programme_id = ${programmeId} and day = ${d}::date limit 1`;
		available = !!s;
	}
	return {
		day: d,
		live,
		level: lv,
		available,
		rows: rankRows(ranked)
	};
}

/** Equal rates share a rank (competition ranking: 1, 2, 2, 4). */
function rankRows<T extends { rate: number }>(sorted: T[]): (T & { rank: number })[] {
	const out: (T & { rank: number })[] = [];
	sorted.forEach((r, i) =>
		out.push({ ...r, rank: i > 0 && sorted[i - 1].rate === r.rate ? out[i - 1].rank : i + 1 })
	);
	return out;
}
