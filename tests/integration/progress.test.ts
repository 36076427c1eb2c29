import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSchema, type TestDb } from '../../src/lib/server/db/test-schema';
import type { SessionUser } from '../../src/lib/server/auth/types';
import { answerPresence, startPlayback } from '../../src/lib/server/progress/playbacks';
import { commitHeartbeats, type HeartbeatItem } from '../../src/lib/server/progress/commit';
import { GroupCommit } from '../../src/lib/server/progress/group-commit';
import { pipelinedTransaction } from '../../src/lib/server/db/pipelined-tx';
import { checkHeartbeat } from '../../src/lib/server/progress/validate';
import { readJsonRequest } from '../../src/lib/server/edge/body';
import { HEARTBEAT_MAX_BYTES } from '../../src/lib/server/progress/heartbeat-endpoint';
import {
	creditHoursThisYear,
	ledger,
	myCourses,
	continueWatching,
	lessonProgress
} from '../../src/lib/server/progress/summaries';
import { addCourse, addUnit, addUser, beat, Clock, coverageRow } from './progress-fixtures';

let t: TestDb;
let unit: number;

beforeAll(async () => {
	t = await createTestSchema();
	unit = await addUnit(t.sql);
});
afterAll(() => t.drop());

async function start(user: SessionUser, lessonId: number, clock: Clock, deviceId = 'dev-a') {
	const out = await startPlayback(t.sql, user, { lessonId, deviceId }, clock.now);
	if (!out.ok) throw new Error(`start failed: ${out.code}`);
	return out;
}
const heartbeatCount = async (pid: string) =>
	(await t.sql`select count(*)::int as n from heartbeats where playback_id = ${pid}`)[0].n;
const credited = async (pid: string) =>
	(await t.sql`select credited_seconds from playbacks where id = ${pid}`)[0].credited_seconds;

describe('crediting', () => {
	it('a forged heartbeat claiming 10 minutes after 10 s of wall time credits at most ~10 s', async () => {
		const user = await addUser(t.sql, unit);
		const { lessonIds } = await addCourse(t.sql, { durations: [900] });
		const clock = new Clock();
		const { playback } = await start(user, lessonIds[0], clock);
		clock.advance(10);
		const out = await beat(t.sql, clock, user, playback.playbackId, {
			seq: 1,
			intervals: [[0, 600]]
		});
		expect(out.ok).toBe(true);
		if (!out.ok) return;
		expect(out.result.creditedSeconds).toBeGreaterThanOrEqual(9);
		expect(out.result.creditedSeconds).toBeLessThanOrEqual(12);
		const row = await coverageRow(t.sql, user.id, lessonIds[0]);
		expect(row!.seconds_watched).toBe(out.result.creditedSeconds);
		// Kept from the start of the claim; the skipped part is not covered.
		expect(row!.bits.slice(0, out.result.creditedSeconds)).toMatch(/^1+$/);
		expect(row!.bits.slice(20)).toMatch(/^0+$/);
	});

	it('a seek ahead credits nothing for the skipped part; honest watching is credited in full', async () => {
		const user = await addUser(t.sql, unit);
		const { lessonIds } = await addCourse(t.sql, { durations: [600] });
		const clock = new Clock();
		const { playback } = await start(user, lessonIds[0], clock);
		clock.advance(10);
		await beat(t.sql, clock, user, playback.playbackId, { seq: 1, intervals: [[0, 10]] });
		clock.advance(10);
		// watched 0..3 more, sought to 500, watched 500..507
		const out = await beat(t.sql, clock, user, playback.playbackId, {
			seq: 2,
			intervals: [
				[10, 13],
				[500, 507]
			],
			event: 'seek'
		});
		expect(out.ok && out.result.creditedSeconds).toBe(20);
		const row = await coverageRow(t.sql, user.id, lessonIds[0]);
		expect(row!.seconds_watched).toBe(20);
		expect(row!.bits.slice(13, 500)).toMatch(/^0+$/);
		expect(Number(row!.position)).toBe(507);
		// An older seq arriving late (device queue) adds its seconds but does not move the resume point back.
		clock.advance(10);
		await beat(t.sql, clock, user, playback.playbackId, { seq: 4, intervals: [[507, 510]] });
		await beat(t.sql, clock, user, playback.playbackId, { seq: 3, intervals: [[13, 15]] });
		const later = await coverageRow(t.sql, user.id, lessonIds[0]);
		expect(Number(later!.position)).toBe(510);
		expect(later!.seconds_watched).toBe(25);
	});

	it('rates above the course maximum credit nothing; within the maximum they do', async () => {
		const user = await addUser(t.sql, unit);
		const { lessonIds } = await addCourse(t.sql, { durations: [600], maxRate: 1.5 });
		const clock = new Clock();
		const { playback } = await start(user, lessonIds[0], clock);
		clock.advance(10);
		const fast = await beat(t.sql, clock, user, playback.playbackId, {
			seq: 1,
			intervals: [[0, 20]],
			rate: 2
		});
		expect(fast.ok && fast.result.creditedSeconds).toBe(0);
		clock.advance(10);
		const ok = await beat(t.sql, clock, user, playback.playbackId, {
			seq: 2,
			intervals: [[0, 15]],
			rate: 1.5
		});
		expect(ok.ok && ok.result.creditedSeconds).toBe(15);
	});

	it('a replayed (playback, seq) changes nothing and returns the stored result', async () => {
		const user = await addUser(t.sql, unit);
		const { lessonIds } = await addCourse(t.sql, { durations: [600] });
		const clock = new Clock();
		const { playback } = await start(user, lessonIds[0], clock);
		clock.advance(10);
		const first = await beat(t.sql, clock, user, playback.playbackId, {
			seq: 1,
			intervals: [[0, 10]]
		});
		clock.advance(60);
		const again = await beat(t.sql, clock, user, playback.playbackId, {
			seq: 1,
			intervals: [[0, 70]]
		});
		expect(first.ok && again.ok).toBe(true);
		if (!first.ok || !again.ok) return;
		expect(again.result.replay).toBe(true);
		expect(again.result.credited).toBe(first.result.credited);
		expect(again.result.creditedSeconds).toBe(10);
		expect(await heartbeatCount(playback.playbackId)).toBe(1);
		expect((await coverageRow(t.sql, user.id, lessonIds[0]))!.seconds_watched).toBe(10);
		// Twice in one batch: once credited.
		clock.advance(10);
		const item: HeartbeatItem = {
			playbackId: playback.playbackId,
			userId: user.id,
			seq: 2,
			intervals: [[10, 20]],
			position: 20,
			rate: 1,
			event: 'tick'
		};
		const [a, b] = await commitHeartbeats(t.sql, [item, item], clock.now);
		expect(a.ok && b.ok && a.result.creditedSeconds === 20 && b.result.replay).toBe(true);
	});
});

describe('supersession', () => {
	it('a second device supersedes the first: 409 for the old one, nothing written', async () => {
		const user = await addUser(t.sql, unit);
		const { lessonIds } = await addCourse(t.sql, { durations: [600, 300] });
		const clock = new Clock();
		const a = await start(user, lessonIds[0], clock, 'phone');
		clock.advance(10);
		await beat(t.sql, clock, user, a.playback.playbackId, { seq: 1, intervals: [[0, 10]] });
		const b = await start(user, lessonIds[1], clock, 'laptop');
		expect(b.superseded).toEqual([a.playback.playbackId]);
		clock.advance(10);
		const late = await beat(t.sql, clock, user, a.playback.playbackId, {
			seq: 2,
			intervals: [[10, 20]]
		});
		expect(late).toEqual({ ok: false, status: 409, code: 'superseded' });
		expect(await heartbeatCount(a.playback.playbackId)).toBe(1);
		expect(await credited(a.playback.playbackId)).toBe(10);
		expect((await coverageRow(t.sql, user.id, lessonIds[0]))!.seconds_watched).toBe(10);
		// A replay of what was stored before still answers 200.
		const replay = await beat(t.sql, clock, user, a.playback.playbackId, {
			seq: 1,
			intervals: [[0, 10]]
		});
		expect(replay.ok).toBe(true);
		const active =
			await t.sql`select id from playbacks where user_id = ${user.id} and superseded_at is null`;
		expect(active.map((r) => r.id)).toEqual([b.playback.playbackId]);
	});

	it('the same device (a reload) may still deliver queued heartbeats, bounded by the old window', async () => {
		const user = await addUser(t.sql, unit);
		const { lessonIds } = await addCourse(t.sql, { durations: [600] });
		const clock = new Clock();
		const a = await start(user, lessonIds[0], clock, 'tablet');
		clock.advance(20);
		const b = await start(user, lessonIds[0], clock, 'tablet');
		expect(b.playback.position).toBe(0);
		clock.advance(100);
		// Queued from before the reload: 20 s were possible, 60 are claimed.
		const q = await beat(t.sql, clock, user, a.playback.playbackId, {
			seq: 1,
			intervals: [[0, 60]]
		});
		expect(q.ok && q.result.creditedSeconds).toBe(23); // floor(20 × 1.05 + 2)
	});
});

describe('bad input: 4xx and nothing written', () => {
	it('a lesson the person may not see cannot be played', async () => {
		const user = await addUser(t.sql, unit);
		const { lessonIds } = await addCourse(t.sql, { status: 'draft' });
		const out = await startPlayback(t.sql, user, { lessonId: lessonIds[0], deviceId: 'x' });
		expect(out).toEqual({ ok: false, status: 403, code: 'forbidden' });
		expect(
			(await t.sql`select count(*)::int as n from playbacks where user_id = ${user.id}`)[0].n
		).toBe(0);
	});

	it('intervals beyond the duration, someone else’s playback', async () => {
		const user = await addUser(t.sql, unit);
		const other = await addUser(t.sql, unit);
		const { lessonIds } = await addCourse(t.sql, { durations: [60] });
		const clock = new Clock();
		const { playback } = await start(user, lessonIds[0], clock);
		clock.advance(10);
		expect(
			await beat(t.sql, clock, user, playback.playbackId, { seq: 1, intervals: [[55, 75]] })
		).toEqual({
			ok: false,
			status: 400,
			code: 'interval_out_of_range'
		});
		expect(
			await beat(t.sql, clock, other, playback.playbackId, { seq: 1, intervals: [[0, 5]] })
		).toEqual({
			ok: false,
			status: 404,
			code: 'not_found'
		});
		expect(await heartbeatCount(playback.playbackId)).toBe(0);
		expect(await coverageRow(t.sql, user.id, lessonIds[0])).toBeUndefined();
		// Within the slack an end is clipped, not refused.
		const ok = await beat(t.sql, clock, user, playback.playbackId, {
			seq: 1,
			intervals: [[55, 61.2]]
		});
		expect(ok.ok && ok.result.creditedSeconds).toBe(5);
	});

	it('shape checks: seq, NaN, negative, start > end, absurd counts and rates', () => {
		const good = { seq: 1, intervals: [[0, 10]], position: 10, rate: 1, event: 'tick', sentAt: 1 };
		expect(checkHeartbeat(good).ok).toBe(true);
		const bad: [Record<string, unknown>, string][] = [
			[{ seq: 0 }, 'bad_seq'],
			[{ seq: 1.5 }, 'bad_seq'],
			[{ seq: '1' }, 'bad_seq'],
			[{ intervals: [[5, 1]] }, 'bad_intervals'],
			[{ intervals: [[-1, 1]] }, 'bad_intervals'],
			[{ intervals: [[0, NaN]] }, 'bad_intervals'],
			[{ intervals: [[0, 1, 2]] }, 'bad_intervals'],
			[{ intervals: Array.from({ length: 101 }, (_, i) => [i, i + 1]) }, 'too_many_intervals'],
			[{ rate: 0 }, 'bad_rate'],
			[{ rate: -1 }, 'bad_rate'],
			[{ rate: 17 }, 'bad_rate'],
			[{ rate: Infinity }, 'bad_rate'],
			[{ position: -3 }, 'bad_position'],
			[{ event: 'finished' }, 'bad_event']
		];
		for (const [patch, code] of bad)
			expect(checkHeartbeat({ ...good, ...patch })).toEqual({ ok: false, code });
	});

	it('malformed JSON → 400, oversized body → 413', async () => {
		const req = (body: string) =>
			new Request('http://x/api', {
				method: 'POST',
				body,
				headers: { 'content-type': 'application/json' }
			});
		const readJson = (r: Request) => readJsonRequest(r, HEARTBEAT_MAX_BYTES);
		expect(await readJson(req('{"seq": 1,'))).toEqual({
			ok: false,
			status: 400,
			code: 'malformed_json'
		});
		expect(await readJson(req(JSON.stringify({ pad: 'x'.repeat(20_000) })))).toEqual({
			ok: false,
			status: 413,
			code: 'too_large'
		});
		expect(await readJson(req('{"seq": 1}'))).toEqual({ ok: true, value: { seq: 1 } });
	});
});

describe('presence checks', () => {
	it('an unanswered check 60 s past due stops credit until answered', async () => {
		const user = await addUser(t.sql, unit);
		const { lessonIds } = await addCourse(t.sql, { durations: [3600], presence: true });
		const clock = new Clock();
		const { playback } = await start(user, lessonIds[0], clock);
		const due = playback.presence!.dueInSeconds;
		expect(due).toBeGreaterThanOrEqual(300);
		expect(due).toBeLessThanOrEqual(900);
		let seq = 0;
		let pos = 0;
		const watch = async () => {
			clock.advance(10);
			const out = await beat(t.sql, clock, user, playback.playbackId, {
				seq: ++seq,
				intervals: [[pos, pos + 10]]
			});
			pos += 10;
			return out.ok ? out.result : null;
		};
		while (pos < due + 50) await watch();
		const before = (await watch())!.creditedSeconds;
		const blocked = await watch();
		expect(blocked!.creditedSeconds).toBe(before); // 70 s past due: nothing more
		expect(blocked!.presence!.checkId).toBe(playback.presence!.checkId);
		expect(
			(await answerPresence(t.sql, user.id, playback.playbackId, crypto.randomUUID(), clock.now)).ok
		).toBe(false);
		const answered = await answerPresence(
			t.sql,
			user.id,
			playback.playbackId,
			playback.presence!.checkId,
			clock.now
		);
		expect(answered.ok).toBe(true);
		expect((await watch())!.creditedSeconds).toBe(before + 10);
	});
});

describe('completion and credit hours', () => {
	it('completing every lesson writes one ledger row with the rule’s hours, once', async () => {
		const user = await addUser(t.sql, unit);
		const { courseId, lessonIds } = await addCourse(t.sql, { durations: [600, 600] }); // 20 min → 0.5
		const clock = new Clock();
		let last;
		for (const lessonId of lessonIds) {
			const { playback } = await start(user, lessonId, clock);
			for (let s = 1; s <= 60; s++) {
				clock.advance(10);
				last = await beat(t.sql, clock, user, playback.playbackId, {
					seq: s,
					intervals: [[(s - 1) * 10, s * 10]]
				});
				if (s === 56 && lessonId === lessonIds[0])
					expect(last.ok && last.result.completed).toBe(false);
				if (s === 57) expect(last.ok && last.result.completed).toBe(true); // 570 s ≥ 95 %
			}
		}
		expect(last!.ok && last!.result.courseCompleted).toBe(true);
		// Watching again and replaying does not credit twice.
		const { playback } = await start(user, lessonIds[0], clock);
		clock.advance(10);
		await beat(t.sql, clock, user, playback.playbackId, { seq: 1, intervals: [[0, 10]] });
		const rows = await t.sql`select * from credit_ledger where user_id = ${user.id}`;
		expect(rows.length).toBe(1);
		expect(rows[0]).toMatchObject({
			source: 'course',
			source_id: String(courseId),
			hours: '0.50',
			year: 2026
		});
		expect(await creditHoursThisYear(t.sql, user.id, 2026)).toBe(0.5);
		expect((await ledger(t.sql, user.id, 2026))[0]).toMatchObject({
			hours: 0.5,
			title: '测试课程'
		});
		expect((await myCourses(t.sql, user.id))[0]).toMatchObject({
			courseId,
			lessons: 2,
			completedLessons: 2
		});
		expect(await continueWatching(t.sql, user.id, 5)).toEqual([]);
		expect((await lessonProgress(t.sql, user.id, courseId)).map((l) => l.completed)).toEqual([
			true,
			true
		]);
	});

	it('the duration rules: ≤ 15 min → 0.25, ≥ 30 min → 1', async () => {
		for (const [durations, hours] of [
			[[900], '0.25'],
			[[1200, 600], '1.00']
		] as const) {
			const user = await addUser(t.sql, unit);
			const { lessonIds } = await addCourse(t.sql, { durations: [...durations], ratio: 0.5 });
			const clock = new Clock();
			for (const [i, lessonId] of lessonIds.entries()) {
				const { playback } = await start(user, lessonId, clock);
				clock.advance(durations[i]);
				await beat(t.sql, clock, user, playback.playbackId, {
					seq: 1,
					intervals: [[0, durations[i]]]
				});
			}
			const rows = await t.sql`select hours from credit_ledger where user_id = ${user.id}`;
			expect(rows.map((r) => r.hours)).toEqual([hours]);
		}
	});
});

describe('group commit', () => {
	it('concurrent heartbeats of many playbacks land in few batches, each acknowledged after commit', async () => {
		const { lessonIds } = await addCourse(t.sql, { durations: [600] });
		const clock = new Clock();
		const users = await Promise.all(Array.from({ length: 40 }, () => addUser(t.sql, unit)));
		const pbs: string[] = [];
		for (const u of users) pbs.push((await start(u, lessonIds[0], clock)).playback.playbackId);
		clock.advance(30);
		const gc = new GroupCommit<HeartbeatItem, Awaited<ReturnType<typeof commitHeartbeats>>[number]>(
			(items) => commitHeartbeats(t.sql, items, clock.now),
			{ maxBatch: 50, maxWaitMs: 5, maxInFlight: 2 }
		);
		const outs = await Promise.all(
			users.flatMap((u, i) =>
				[1, 2, 3].map((seq) =>
					gc.submit({
						playbackId: pbs[i],
						userId: u.id,
						seq,
						intervals: [[(seq - 1) * 10, seq * 10]],
						position: seq * 10,
						rate: 1,
						event: 'tick'
					})
				)
			)
		);
		expect(outs.every((o) => o.ok)).toBe(true);
		expect(gc.stats.items).toBe(120);
		expect(gc.stats.batches).toBeLessThan(10);
		const [n] =
			await t.sql`select count(*)::int as n from heartbeats where playback_id = any(${pbs}::uuid[])`;
		expect(n.n).toBe(120);
		const sums =
			await t.sql`select seconds_watched from lesson_progress where lesson_id = ${lessonIds[0]} and user_id = any(${users.map((u) => u.id)}::int[])`;
		expect(sums.map((r) => r.seconds_watched)).toEqual(users.map(() => 30));
	});

	it('a pipelined transaction is all or nothing', async () => {
		await t.sql`create table pipe_probe (n int primary key)`;
		await expect(
			pipelinedTransaction(t.sql, async (tx, begun) => {
				await Promise.all([
					begun,
					tx`insert into pipe_probe values (1)`,
					tx`insert into pipe_probe values (1)`
				]);
			})
		).rejects.toThrow();
		await pipelinedTransaction(t.sql, async (tx, begun) => {
			await Promise.all([begun, tx`insert into pipe_probe values (2)`]);
		});
		expect((await t.sql`select n from pipe_probe`).map((r) => r.n)).toEqual([2]);
	});

	it('a failing batch rejects every request in it', async () => {
		const gc = new GroupCommit<number, number>(
			async () => {
				throw new Error('boom');
			},
			{ maxWaitMs: 1 }
		);
		const results = await Promise.allSettled([gc.submit(1), gc.submit(2)]);
		expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
	});
});
