// Coverage writes of a batch: bits OR'ed into lesson_progress (never
// overwritten, so concurrent writers cannot lose seconds), the resume point,
// and lessons that reached their completion ratio.
import type { Db } from '../db/index.ts';
import type { Range } from './credit.ts';

export interface CoverageWrite {
	userId: number;
	lessonId: number;
	courseId: number;
	duration: number;
	ratio: number;
	/** whole-second ranges credited in this batch (may overlap) */
	ranges: Range[];
	position: number | null;
	seq: number;
	/** false: only replays in this batch, read the state but write nothing */
	write: boolean;
}

export interface CoverageState {
	rows: Map<string, { seconds: number; completed: boolean }>;
	newlyCompleted: { userId: number; courseId: number; lessonId: number }[];
	/** (person, course) of lesson_progress rows created by this batch: a first activity (study programmes) */
	started: { userId: number; courseId: number }[];
}

/** Seconds a lesson needs for completion (ratio of its duration, rounded up). */
export const neededSeconds = (ratio: number, duration: number) =>
	Math.ceil(ratio * duration - 1e-9);

/** The batch's new heartbeats rows and playback updates, written in the same statement as the coverage. */
export interface BatchRows {
	heartbeats: { pid: string; seq: number; credited: number }[];
	playbacks: { id: string; credited: number; seq: number }[];
}

export async function writeCoverage(
	tx: Db,
	all: CoverageWrite[],
	at: Date,
	batch?: BatchRows
): Promise<CoverageState> {
	// Sorted, so concurrent batches lock coverage rows in the same order.
	const sorted = [...all].sort((a, b) => a.userId - b.userId || a.lessonId - b.lessonId);
	const writes = sorted.filter((w) => w.write && w.duration > 0);
	const rows = new Map<string, { seconds: number; completed: boolean }>();
	const newlyCompleted: CoverageState['newlyCompleted'] = [];
	const started: CoverageState['started'] = [];
	// Bits are built in SQL from the ranges (a few integers per write), not
	// sent as strings of `duration` characters: a 4 h lesson is 14,400 bits.
	const parts = writes.flatMap((w) =>
		(w.ranges.length ? w.ranges : [[0, 0] as Range]).map((r) => ({ w, r }))
	);
	const unread = sorted.filter((w) => !(w.write && w.duration > 0));
	// Issued together (one round trip); the server runs them in this order.
	// The heartbeats insert and the playbacks update ride in the coverage
	// statement as data-modifying CTEs: one statement and one socket write for
	// all of a batch's writes. The playback rows are locked by this
	// transaction already (commit.ts), so the order of locks is unchanged.
	const hb = batch?.heartbeats ?? [];
	const pb = batch?.playbacks ?? [];
	const separate =
		!writes.length && (hb.length || pb.length) ? writeBatchRows(tx, hb, pb, at) : null;
	const [merged, found] = await Promise.all([
		writes.length
			? tx`
				with hb as (
					insert into heartbeats (playback_id, seq, received_at, credited)
					select pid, seq, ${at}, credited
					from unnest(${hb.map((r) => r.pid)}::uuid[], ${hb.map((r) => r.seq)}::int[], ${hb.map((r) => r.credited)}::int[])
						as u (pid, seq, credited)
					on conflict do nothing
				), pb as (
					update playbacks p set credited_seconds = u.credited, last_seq = greatest(p.last_seq, u.seq),
						last_heartbeat_at = ${at}
					from unnest(${pb.map((p) => p.id)}::uuid[], ${pb.map((p) => p.credited)}::int[], ${pb.map((p) => p.seq)}::int[])
						as u (id, credited, seq)
					where p.id = u.id
				), r as (
					select * from unnest(${parts.map((x) => x.w.userId)}::int[], ${parts.map((x) => x.w.lessonId)}::int[],
						${parts.map((x) => x.w.duration)}::int[], ${parts.map((x) => x.r[0])}::int[], ${parts.map((x) => x.r[1])}::int[])
						as r (user_id, lesson_id, duration, s, e)
				), bits as (
					select user_id, lesson_id,
						bit_or(overlay(repeat('0', duration)::varbit placing repeat('1', e - s)::varbit from s + 1)) as watched
					from r group by user_id, lesson_id
				), pos as (
					-- the resume point, or null when no newer seq came in this batch
					select * from unnest(${writes.map((w) => w.userId)}::int[], ${writes.map((w) => w.lessonId)}::int[],
						${writes.map((w) => w.position)}::numeric[]) as p (user_id, lesson_id, pos)
				)
				insert into lesson_progress (user_id, lesson_id, watched, seconds_watched, position, updated_at)
				select b.user_id, b.lesson_id, b.watched, bit_count(b.watched)::int, coalesce(p.pos, 0), ${at}
				from bits b left join pos p on p.user_id = b.user_id and p.lesson_id = b.lesson_id
				order by b.user_id, b.lesson_id
				on conflict (user_id, lesson_id) do update set
					watched = progress_merge(lesson_progress.watched, excluded.watched),
					seconds_watched = bit_count(progress_merge(lesson_progress.watched, excluded.watched))::int,
					-- in the same statement: one new row version per batch, not two
					position = coalesce(
						(select p.pos from pos p where p.user_id = excluded.user_id and p.lesson_id = excluded.lesson_id),
						lesson_progress.position
					),
					updated_at = excluded.updated_at
				returning user_id, lesson_id, seconds_watched, completed_at, (xmax = 0) as inserted`
			: [],
		unread.length
			? tx`
				select lp.user_id, lp.lesson_id, lp.seconds_watched, lp.completed_at
				from lesson_progress lp
				join unnest(${unread.map((w) => w.userId)}::int[], ${unread.map((w) => w.lessonId)}::int[]) as u (user_id, lesson_id)
					on lp.user_id = u.user_id and lp.lesson_id = u.lesson_id`
			: [],
		separate ?? []
	]);
	// The upserted rows are locked by this transaction now: what the upsert
	// returned is the truth here, so completion can be decided from it.
	const byKey = new Map(writes.map((w) => [`${w.userId}:${w.lessonId}`, w]));
	for (const r of merged) {
		const key = `${r.user_id}:${r.lesson_id}`;
		const w = byKey.get(key)!;
		const done = r.completed_at === null && r.seconds_watched >= neededSeconds(w.ratio, w.duration);
		rows.set(key, { seconds: r.seconds_watched, completed: r.completed_at !== null || done });
		if (r.inserted) started.push({ userId: w.userId, courseId: w.courseId });
		if (done) newlyCompleted.push({ userId: w.userId, lessonId: w.lessonId, courseId: w.courseId });
	}
	for (const r of found)
		rows.set(`${r.user_id}:${r.lesson_id}`, {
			seconds: r.seconds_watched,
			completed: r.completed_at !== null
		});
	if (newlyCompleted.length) {
		await tx`
			update lesson_progress lp set completed_at = ${at}
			from unnest(${newlyCompleted.map((c) => c.userId)}::int[], ${newlyCompleted.map((c) => c.lessonId)}::int[]) as u (user_id, lesson_id)
			where lp.user_id = u.user_id and lp.lesson_id = u.lesson_id and lp.completed_at is null`;
	}
	return { rows, newlyCompleted, started };
}

/** Only when nothing has coverage to write (never for a batch with new heartbeats of a ready lesson). */
function writeBatchRows(tx: Db, hb: BatchRows['heartbeats'], pb: BatchRows['playbacks'], at: Date) {
	return Promise.all([
		tx`
			insert into heartbeats (playback_id, seq, received_at, credited)
			select pid, seq, ${at}, credited
			from unnest(${hb.map((r) => r.pid)}::uuid[], ${hb.map((r) => r.seq)}::int[], ${hb.map((r) => r.credited)}::int[])
				as u (pid, seq, credited)
			on conflict do nothing`,
		tx`
			update playbacks p set credited_seconds = u.credited, last_seq = greatest(p.last_seq, u.seq), last_heartbeat_at = ${at}
			from unnest(${pb.map((p) => p.id)}::uuid[], ${pb.map((p) => p.credited)}::int[], ${pb.map((p) => p.seq)}::int[])
				as u (id, credited, seq)
			where p.id = u.id`
	]);
}
