// One group-commit batch: many heartbeats (from many requests) judged and
// written in ONE transaction with a handful of `unnest` statements, pipelined
// into three round trips (BEGIN + reads; one statement of writes; COMMIT).
//
// Correctness under concurrency (several batches in flight, several app
// instances on one database):
// - the batch locks its playback rows `for update`, in id order (no deadlock
//   between batches), then reads the state the rules need from them: the
//   database is the truth, nothing is cached between batches. So two batches
//   that both carry heartbeats of one playback run one after the other, and
//   the second sees the first's credited_seconds, last_heartbeat_at and seqs;
//   the wall-clock bound therefore holds over all instances together;
// - the idempotency check (heartbeats primary key) is read under that lock;
// - coverage bits are OR'ed in SQL (progress_merge), never overwritten, and
//   lesson_progress rows are only locked after all playback locks are held
//   (a transaction never waits for a playback while holding coverage rows);
// - supersession (playbacks.ts) updates the same playback row, so it waits
//   for a batch in flight and vice versa.
import type postgres from 'postgres';
import { creditHeartbeat, DURATION_SLACK_S, type PlaybackState } from './credit.ts';
import { writeCoverage, type CoverageWrite } from './coverage.ts';
import { lessonFigure } from './figures.ts';
import { completeCourses, completedCourses } from './completion.ts';
import { pipelinedTransaction } from '../db/pipelined-tx.ts';
import { reactions } from '../reactions.ts';
import type { HeartbeatItem, HeartbeatOutcome } from './types.ts';

export type { HeartbeatItem, HeartbeatOutcome, HeartbeatResult, PresenceInfo } from './types.ts';

interface Pb extends PlaybackState {
	id: string;
	userId: number;
	lessonId: number;
	courseId: number;
	lastSeq: number;
	newSeq: number; // highest new seq in this batch
	position: number | null; // position of that seq
	superseded: boolean;
	sameDevice: boolean;
	ratio: number;
	presence: boolean;
	checkId: string | null;
	ranges: [number, number][];
	touched: boolean;
}

/** Judges and stores one batch; `now` injectable (tests), else the database's now(). */
export async function commitHeartbeats(
	sql: postgres.Sql,
	items: HeartbeatItem[],
	now?: Date
): Promise<HeartbeatOutcome[]> {
	return pipelinedTransaction(sql, async (tx, begun) => {
		const ids = [...new Set(items.map((i) => i.playbackId))].sort();
		// One round trip for both reads (postgres.js pipelines queries issued
		// together; the server still runs them in order, so the lookup of
		// stored seqs happens under the playback locks).
		const [, rows, found] = await Promise.all([
			begun,
			tx`
				select now() as now, p.id, p.user_id, p.lesson_id, l.course_id, p.started_at, p.superseded_at,
					p.superseded_by_same_device, p.last_seq, p.credited_seconds, p.last_heartbeat_at,
					p.presence_check_id, p.presence_due_at, l.duration_seconds,
					-- the stricter of the course's and its programmes' settings, fixed at start (programmes/anti-idling.ts)
					least(c.max_credited_rate, coalesce(p.programme_max_rate, c.max_credited_rate)) as max_credited_rate,
					c.completion_ratio, (c.presence_check or p.programme_presence) as presence_check
				from playbacks p
				join lessons l on l.id = p.lesson_id
				join courses c on c.id = l.course_id
				where p.id = any(${ids}::uuid[])
				order by p.id
				for update of p`,
			// One primary-key probe per item (lateral + limit: the planner cannot
			// turn it into a hash join that reads the whole, ever-growing table,
			// as it did from a plan made while the table was small).
			tx`
				select k.pid as playback_id, k.seq, h.credited
				from unnest(${items.map((i) => i.playbackId)}::uuid[], ${items.map((i) => i.seq)}::int[]) as k (pid, seq)
				cross join lateral (
					select credited from heartbeats where playback_id = k.pid and seq = k.seq limit 1
				) h`
		]);
		const at: Date = now ?? rows[0]?.now ?? new Date();
		const nowMs = at.getTime();
		const pbs = new Map<string, Pb>(rows.map((r) => [r.id, toPb(r)]));
		const stored = new Map<string, number>();
		for (const f of found) stored.set(`${f.playback_id}:${f.seq}`, f.credited);
		const newRows: { pid: string; seq: number; credited: number }[] = [];
		const pending: (
			{ pb: Pb; seq: number; credited: number; replay: boolean } | HeartbeatOutcome
		)[] = [];
		for (const item of items) {
			const pb = pbs.get(item.playbackId);
			if (!pb || pb.userId !== item.userId) {
				pending.push({ ok: false, status: 404, code: 'not_found' });
				continue;
			}
			const key = `${pb.id}:${item.seq}`;
			const before = stored.get(key);
			if (before !== undefined) {
				pending.push({ pb, seq: item.seq, credited: before, replay: true });
				continue;
			}
			if (pb.superseded && !pb.sameDevice) {
				pending.push({ ok: false, status: 409, code: 'superseded' });
				continue;
			}
			if (!pb.duration) {
				pending.push({ ok: false, status: 409, code: 'not_ready' });
				continue;
			}
			if (item.intervals.some(([, b]) => b > pb.duration + DURATION_SLACK_S)) {
				pending.push({ ok: false, status: 400, code: 'interval_out_of_range' });
				continue;
			}
			const credit = creditHeartbeat(pb, item, nowMs);
			pb.credited += credit.seconds;
			pb.lastHeartbeatAt = nowMs;
			pb.touched = true;
			pb.ranges.push(...credit.ranges);
			if (item.seq > pb.newSeq) {
				pb.newSeq = item.seq;
				pb.position = Math.min(item.position, pb.duration);
			}
			stored.set(key, credit.seconds);
			newRows.push({ pid: pb.id, seq: item.seq, credited: credit.seconds });
			pending.push({ pb, seq: item.seq, credited: credit.seconds, replay: false });
		}
		// The writes go in the coverage statement (coverage.ts): one statement, one round trip.
		const touched = [...pbs.values()].filter((p) => p.touched);
		const batchRows = {
			heartbeats: newRows,
			playbacks: touched.map((p) => ({ id: p.id, credited: p.credited, seq: p.newSeq }))
		};
		// Coverage per (person, lesson): several playbacks of one person and lesson may share a row.
		const writes = new Map<string, CoverageWrite>();
		for (const pb of pbs.values()) {
			const key = `${pb.userId}:${pb.lessonId}`;
			const w = writes.get(key) ?? {
				userId: pb.userId,
				lessonId: pb.lessonId,
				courseId: pb.courseId,
				duration: pb.duration,
				ratio: pb.ratio,
				ranges: [],
				position: null,
				seq: 0,
				write: false
			};
			if (pb.touched) w.write = true;
			w.ranges.push(...pb.ranges);
			if (pb.position !== null && pb.newSeq > pb.lastSeq && pb.newSeq >= w.seq) {
				w.position = pb.position;
				w.seq = pb.newSeq;
			}
			writes.set(key, w);
		}
		const state = await writeCoverage(tx, [...writes.values()], at, batchRows);
		// Learning activity (study programmes follow it), in this batch's transaction.
		await reactions().learningActivity(tx, { started: state.started, touched }, at);
		await completeCourses(tx, state.newlyCompleted, at);
		// Only a person whose lesson is complete can have completed its course.
		const courseDone = await completedCourses(
			tx,
			[...pbs.values()].filter((p) => state.rows.get(`${p.userId}:${p.lessonId}`)?.completed)
		);
		return pending.map((p): HeartbeatOutcome => {
			if ('ok' in p) return p;
			const cov = state.rows.get(`${p.pb.userId}:${p.pb.lessonId}`);
			return {
				ok: true,
				result: {
					seq: p.seq,
					creditedSeconds: p.pb.credited,
					coverage: cov
						? lessonFigure({
								duration: p.pb.duration,
								watched: cov.seconds,
								completed: cov.completed
							})
						: 0,
					completed: !!cov?.completed,
					courseCompleted: courseDone.has(`${p.pb.userId}:${p.pb.courseId}`),
					presence:
						p.pb.presence && p.pb.checkId && p.pb.presenceDueAt !== null
							? {
									checkId: p.pb.checkId,
									dueInSeconds: Math.round((p.pb.presenceDueAt - nowMs) / 1000)
								}
							: null,
					credited: p.credited,
					replay: p.replay
				}
			};
		});
	});
}

function toPb(r: postgres.Row): Pb {
	return {
		id: r.id,
		userId: r.user_id,
		lessonId: r.lesson_id,
		courseId: r.course_id,
		startedAt: r.started_at.getTime(),
		endedAt: r.superseded_at ? r.superseded_at.getTime() : null,
		lastHeartbeatAt: r.last_heartbeat_at ? r.last_heartbeat_at.getTime() : null,
		credited: r.credited_seconds,
		duration: r.duration_seconds ?? 0,
		maxRate: Number(r.max_credited_rate),
		ratio: Number(r.completion_ratio),
		presence: r.presence_check,
		presenceDueAt: r.presence_check && r.presence_due_at ? r.presence_due_at.getTime() : null,
		checkId: r.presence_check_id,
		lastSeq: r.last_seq,
		newSeq: 0,
		position: null,
		superseded: r.superseded_at !== null,
		sameDevice: r.superseded_by_same_device,
		ranges: [],
		touched: false
	};
}
