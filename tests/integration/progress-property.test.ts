// Property tests (fast-check) of the real crediting code against the real
// schema, with a controllable clock: for any sequence of watched intervals,
// seeks, rates, clock moves, replays and restarts (same or other device),
// - credited time of every playback ≤ its wall-clock bound,
// - the lesson's coverage never decreases (old bits stay set) and never
//   exceeds what was credited in all,
// - a replay of a stored (playback, seq) returns the stored credit and
//   changes nothing in the database.
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestSchema, type TestDb } from '../../src/lib/server/db/test-schema';
import { startPlayback } from '../../src/lib/server/progress/playbacks';
import { wallClockBound } from '../../src/lib/server/progress/credit';
import { addCourse, addUnit, addUser, beat, Clock } from './progress-fixtures';

let t: TestDb;
let unit: number;
let lessonId: number;
const DURATION = 300;

beforeAll(async () => {
	t = await createTestSchema();
	unit = await addUnit(t.sql);
	({
		lessonIds: [lessonId]
	} = await addCourse(t.sql, { durations: [DURATION], maxRate: 1.5 }));
});
afterAll(() => t.drop());

const interval = fc
	.tuple(
		fc.double({ min: 0, max: DURATION + 1.5, noNaN: true }),
		fc.double({ min: 0, max: 120, noNaN: true })
	)
	.map(([a, len]): [number, number] => [a, Math.min(a + len, DURATION + 1.5)]);

const action = fc.oneof(
	{
		weight: 5,
		arbitrary: fc.record({
			kind: fc.constant('beat' as const),
			intervals: fc.array(interval, { maxLength: 6 }),
			rate: fc.constantFrom(0.5, 1, 1.25, 1.5, 2, 16),
			wait: fc.integer({ min: 0, max: 30_000 })
		})
	},
	{ weight: 2, arbitrary: fc.record({ kind: fc.constant('replay' as const), pick: fc.nat() }) },
	{
		weight: 1,
		arbitrary: fc.record({
			kind: fc.constant('restart' as const),
			sameDevice: fc.boolean(),
			wait: fc.integer({ min: 0, max: 5_000 })
		})
	},
	{
		weight: 1,
		arbitrary: fc.record({
			kind: fc.constant('outOfOrder' as const),
			gap: fc.integer({ min: 1, max: 5 })
		})
	}
);

const snapshot = async (userId: number) => {
	const [lp] =
		await t.sql`select watched::text as bits, seconds_watched, position from lesson_progress where user_id = ${userId} and lesson_id = ${lessonId}`;
	const pbs =
		await t.sql`select id, started_at, superseded_at, credited_seconds, last_seq from playbacks where user_id = ${userId} order by started_at, id`;
	const [hb] =
		await t.sql`select count(*)::int as n from heartbeats h join playbacks p on p.id = h.playback_id where p.user_id = ${userId}`;
	return {
		bits: (lp?.bits as string) ?? '',
		seconds: (lp?.seconds_watched as number) ?? 0,
		pbs,
		heartbeats: hb.n as number
	};
};

it('credited ≤ wall-clock bound, coverage never decreases, replays are idempotent', async () => {
	await fc.assert(
		fc.asyncProperty(fc.array(action, { minLength: 1, maxLength: 25 }), async (actions) => {
			const user = await addUser(t.sql, unit);
			const clock = new Clock();
			const started = await startPlayback(t.sql, user, { lessonId, deviceId: 'd0' }, clock.now);
			if (!started.ok) throw new Error('start');
			let pid = started.playback.playbackId;
			let device = 'd0';
			let seq = 0;
			const sent: {
				pid: string;
				seq: number;
				intervals: [number, number][];
				rate: number;
				credited: number;
			}[] = [];
			let before = await snapshot(user.id);
			for (const a of actions) {
				if (a.kind === 'beat' || a.kind === 'outOfOrder') {
					const intervals = a.kind === 'beat' ? a.intervals : [[0, 5] as [number, number]];
					const rate = a.kind === 'beat' ? a.rate : 1;
					if (a.kind === 'beat') clock.advance(a.wait / 1000);
					// outOfOrder: a seq jumps ahead (lost packets), a later one fills the gap
					const s = a.kind === 'beat' ? ++seq : (seq += a.gap) - a.gap + 1;
					const out = await beat(t.sql, clock, user, pid, { seq: s, intervals, rate });
					if (out.ok) sent.push({ pid, seq: s, intervals, rate, credited: out.result.credited });
					else expect(['interval_out_of_range', 'superseded']).toContain(out.code);
				} else if (a.kind === 'replay' && sent.length) {
					const h = sent[a.pick % sent.length];
					const out = await beat(t.sql, clock, user, h.pid, {
						seq: h.seq,
						intervals: h.intervals,
						rate: h.rate
					});
					expect(out.ok).toBe(true);
					if (out.ok) {
						expect(out.result.replay).toBe(true);
						expect(out.result.credited).toBe(h.credited);
					}
					const after = await snapshot(user.id);
					expect(after).toEqual(before); // nothing changed
				} else if (a.kind === 'restart') {
					clock.advance(a.wait / 1000);
					if (!a.sameDevice) device = `d${Math.random()}`;
					const next = await startPlayback(t.sql, user, { lessonId, deviceId: device }, clock.now);
					if (!next.ok) throw new Error('restart');
					pid = next.playback.playbackId;
					seq = 0;
				}
				const after = await snapshot(user.id);
				for (const pb of after.pbs) {
					const bound = wallClockBound(
						{
							startedAt: pb.started_at.getTime(),
							endedAt: pb.superseded_at?.getTime() ?? null,
							maxRate: 1.5
						},
						clock.ms
					);
					expect(pb.credited_seconds).toBeLessThanOrEqual(bound);
				}
				// Coverage only grows: every bit set before is still set.
				for (let i = 0; i < before.bits.length; i++)
					if (before.bits[i] === '1') expect(after.bits[i]).toBe('1');
				expect(after.seconds).toBeGreaterThanOrEqual(before.seconds);
				expect(after.seconds).toBe([...after.bits].filter((b) => b === '1').length);
				const creditedAll = after.pbs.reduce((n, p) => n + p.credited_seconds, 0);
				expect(after.seconds).toBeLessThanOrEqual(creditedAll);
				before = after;
			}
		}),
		{ numRuns: 40 }
	);
}, 120_000);
