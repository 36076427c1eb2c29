// Graceful overload through each transport: when the group commit is behind
// (here: its one batch in flight is stuck on a row lock another connection
// holds, as a stalled database would hold it), new heartbeats are answered at
// once with 503 + Retry-After and are not stored; those accepted before are
// acknowledged only after they committed, and every acknowledged one is in
// the database. Acks carry the server's pace (nextMs).
process.env.XUEFAN_HEARTBEAT_IN_FLIGHT = '1';
process.env.XUEFAN_HEARTBEAT_SHED_AGE_MS = '200';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import postgres from 'postgres';
import { createTestSchema, type TestDb } from '../../src/lib/server/db/test-schema';
import * as sessions from '../../src/lib/server/auth/sessions';
import * as sessionCache from '../../src/lib/server/auth/session-cache';
import { startPlayback } from '../../src/lib/server/progress/playbacks';
import { heartbeatEndpoint } from '../../src/lib/server/progress/heartbeat-endpoint';
import { addCourse, addUnit, addUser } from './progress-fixtures';
import { useTestDatabase } from './quiz-fixtures';
import { ALL_TRANSPORTS, serveBoth, type Transport } from './edge-transports';

let t: TestDb;
let other: postgres.Sql;
let served: Awaited<ReturnType<typeof serveBoth>>;
let listening: { stop(): Promise<void> };
let lessonId: number;
let unit: number;

beforeAll(async () => {
	t = await createTestSchema();
	await useTestDatabase(t.sql);
	listening = await sessionCache.listen(t.sql);
	other = postgres(process.env.DATABASE_URL!, {
		max: 1,
		onnotice: () => {},
		connection: { search_path: t.schema }
	});
	served = await serveBoth(heartbeatEndpoint, t.sql, { socketEvent: 'heartbeat:send' });
	unit = await addUnit(t.sql);
	({
		lessonIds: [lessonId]
	} = await addCourse(t.sql, { durations: [600] }));
});
afterAll(async () => {
	await served.close();
	await listening.stop();
	await other.end();
	await t.drop();
});

async function learner() {
	const user = await addUser(t.sql, unit);
	const s = await startPlayback(t.sql, user, { lessonId, deviceId: 'd' });
	if (!s.ok) throw new Error('start');
	return { token: await sessions.create(t.sql, user.id), pid: s.playback.playbackId };
}

const tick = { seq: 1, intervals: [[0, 1]], position: 1, rate: 1, event: 'tick' };
const stored = async (pids: string[]) =>
	(
		await t.sql`select count(*)::int as n from heartbeats where playback_id = any(${pids}::uuid[])`
	)[0].n as number;

async function timed(transport: Transport, l: { token: string; pid: string }) {
	const t0 = performance.now();
	const res = await served.post(transport, `/api/playbacks/${l.pid}/heartbeats`, l.token, tick);
	return { status: res.status, res, ms: performance.now() - t0, body: await res.json() };
}

describe.each(ALL_TRANSPORTS)('overload over %s', (transport) => {
	it('sheds new heartbeats within 50 ms while the commit is behind; acknowledges only what committed', async () => {
		const people = await Promise.all(Array.from({ length: 12 }, learner));
		const [stuck, queued, ...late] = people;
		// Warm the session cache and the socket of everyone (not measured).
		await Promise.all(
			late.map((l) => served.post(transport, '/api/playbacks/x/heartbeats', l.token, tick))
		);
		let release!: () => void;
		const locked = new Promise<void>((r) => (release = r));
		let holding!: () => void;
		const held = new Promise<void>((r) => (holding = r));
		const lock = other.begin(async (tx) => {
			await tx`select 1 from playbacks where id = ${stuck.pid} for update`;
			holding();
			await locked;
		});
		await held;
		const first = timed(transport, stuck); // its batch waits for the lock
		await new Promise((r) => setTimeout(r, 50));
		const second = timed(transport, queued); // waits for a batch behind it
		await new Promise((r) => setTimeout(r, 300)); // the queue is now older than 200 ms
		const shed = [];
		for (const l of late) shed.push(await timed(transport, l));
		for (const s of shed) {
			expect([s.status, s.body.error]).toEqual([503, 'busy']);
			expect(Number(s.res.headers.get('retry-after'))).toBeGreaterThanOrEqual(10);
		}
		const times = shed.map((s) => s.ms).sort((a, b) => a - b);
		expect(times[Math.floor(times.length / 2)]).toBeLessThan(50);
		expect(times.at(-1)).toBeLessThan(150);
		expect(await stored(late.map((l) => l.pid))).toBe(0); // never acknowledged, never stored
		release();
		await lock;
		const [a, b] = await Promise.all([first, second]);
		expect([a.status, b.status]).toEqual([200, 200]);
		expect(a.ms).toBeGreaterThan(300); // answered only after the commit it waited for
		expect(await stored([stuck.pid, queued.pid])).toBe(2);
		for (const ack of [a.body, b.body]) {
			expect(ack.nextMs).toBeGreaterThanOrEqual(10_000);
			expect(ack.nextMs).toBeLessThanOrEqual(60_000);
		}
		// Caught up: the shed ones go through on their retry.
		const retried = await Promise.all(late.map((l) => timed(transport, l)));
		expect(retried.map((r) => r.status)).toEqual(late.map(() => 200));
		expect(await stored(late.map((l) => l.pid))).toBe(late.length);
	});
});
