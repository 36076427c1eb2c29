// The progress property test (progress-property.test.ts) through each
// transport of the heartbeat endpoint — node:http fast path, kit route, and
// socket.io — on the real clock (the database's now(), as in production):
// for any sequence of heartbeats (forged intervals and rates included),
// replays, out-of-order seqs and restarts on the same or another device,
// - credited time of every playback ≤ its wall-clock bound,
// - a replay of an acknowledged (playback, seq) is acknowledged again and
//   changes nothing in the database,
// - a playback superseded by another device is refused (409) and nothing is
//   written; one superseded by a reload of the same device still delivers.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSchema, type TestDb } from '../../src/lib/server/db/test-schema';
import * as sessions from '../../src/lib/server/auth/sessions';
import * as sessionCache from '../../src/lib/server/auth/session-cache';
import { startPlayback } from '../../src/lib/server/progress/playbacks';
import { wallClockBound } from '../../src/lib/server/progress/credit';
import { heartbeatEndpoint } from '../../src/lib/server/progress/heartbeat-endpoint';
import { addCourse, addUnit, addUser } from './progress-fixtures';
import { useTestDatabase } from './quiz-fixtures';
import { ALL_TRANSPORTS, serveBoth } from './edge-transports';

let t: TestDb;
let unit: number;
let lessonId: number;
let served: Awaited<ReturnType<typeof serveBoth>>;
let listening: { stop(): Promise<void> };
const DURATION = 300;
const MAX_RATE = 1.5;

beforeAll(async () => {
	t = await createTestSchema();
	await useTestDatabase(t.sql);
	listening = await sessionCache.listen(t.sql);
	served = await serveBoth(heartbeatEndpoint, t.sql, { socketEvent: 'heartbeat:send' });
	unit = await addUnit(t.sql);
	({
		lessonIds: [lessonId]
	} = await addCourse(t.sql, { durations: [DURATION], maxRate: MAX_RATE }));
});
afterAll(async () => {
	await served.close();
	await listening.stop();
	await t.drop();
});

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
			rate: fc.constantFrom(0.5, 1, 1.5, 2, 16),
			// real milliseconds: the forged intervals claim far more than this
			wait: fc.integer({ min: 0, max: 120 })
		})
	},
	{ weight: 2, arbitrary: fc.record({ kind: fc.constant('replay' as const), pick: fc.nat() }) },
	{
		weight: 1,
		arbitrary: fc.record({ kind: fc.constant('restart' as const), sameDevice: fc.boolean() })
	},
	{ weight: 1, arbitrary: fc.record({ kind: fc.constant('stale' as const) }) },
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
		await t.sql`select watched::text as bits, seconds_watched from lesson_progress where user_id = ${userId} and lesson_id = ${lessonId}`;
	const pbs =
		await t.sql`select id, started_at, superseded_at, credited_seconds, last_seq from playbacks where user_id = ${userId} order by started_at, id`;
	const [hb] =
		await t.sql`select count(*)::int as n from heartbeats h join playbacks p on p.id = h.playback_id where p.user_id = ${userId}`;
	return { bits: lp?.bits ?? '', seconds: lp?.seconds_watched ?? 0, pbs, heartbeats: hb.n };
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.each(ALL_TRANSPORTS)('heartbeats over %s', (transport) => {
	it('credited ≤ wall-clock bound, replays are idempotent, another device supersedes', async () => {
		await fc.assert(
			fc.asyncProperty(fc.array(action, { minLength: 1, maxLength: 10 }), async (actions) => {
				const user = await addUser(t.sql, unit);
				const token = await sessions.create(t.sql, user.id);
				const start = async (deviceId: string) => {
					const s = await startPlayback(t.sql, user, { lessonId, deviceId });
					if (!s.ok) throw new Error('start');
					return s.playback.playbackId;
				};
				let device = 'd0';
				let pid = await start(device);
				let stale: { pid: string; otherDevice: boolean } | null = null;
				let seq = 0;
				const acked: { pid: string; body: object }[] = [];
				const send = async (p: string, body: object) => {
					const res = await served.post(transport, `/api/playbacks/${p}/heartbeats`, token, body);
					return { status: res.status, body: await res.json() };
				};
				for (const a of actions) {
					const before = await snapshot(user.id);
					if (a.kind === 'beat' || a.kind === 'outOfOrder') {
						if (a.kind === 'beat') await sleep(a.wait);
						const s = a.kind === 'beat' ? ++seq : (seq += a.gap) - a.gap + 1;
						const body = {
							seq: s,
							intervals: a.kind === 'beat' ? a.intervals : [[0, 5]],
							position: 0,
							rate: a.kind === 'beat' ? a.rate : 1,
							event: 'tick'
						};
						const out = await send(pid, body);
						if (out.status === 200) acked.push({ pid, body });
						else expect(out.body.error).toBe('interval_out_of_range');
					} else if (a.kind === 'replay' && acked.length) {
						const h = acked[a.pick % acked.length];
						expect((await send(h.pid, h.body)).status).toBe(200);
						expect(await snapshot(user.id)).toEqual(before); // nothing changed
					} else if (a.kind === 'restart') {
						if (!a.sameDevice) device = `d${Math.random()}`;
						stale = { pid, otherDevice: !a.sameDevice };
						pid = await start(device);
						seq = 0;
					} else if (a.kind === 'stale' && stale) {
						const out = await send(stale.pid, {
							seq: 100_000 + acked.length,
							intervals: [[0, 1]],
							position: 1,
							rate: 1,
							event: 'tick'
						});
						if (stale.otherDevice) {
							expect([out.status, out.body.error]).toEqual([409, 'superseded']);
							expect((await snapshot(user.id)).heartbeats).toBe(before.heartbeats);
						} else expect([200, 400]).toContain(out.status);
					}
					const after = await snapshot(user.id);
					const [{ now }] = await t.sql`select now()`;
					for (const pb of after.pbs) {
						const bound = wallClockBound(
							{
								startedAt: pb.started_at.getTime(),
								endedAt: pb.superseded_at?.getTime() ?? null,
								maxRate: MAX_RATE
							},
							now.getTime()
						);
						expect(pb.credited_seconds).toBeLessThanOrEqual(bound);
					}
					expect(after.seconds).toBeGreaterThanOrEqual(before.seconds);
				}
			}),
			{ numRuns: 10 }
		);
	}, 60_000);
});
