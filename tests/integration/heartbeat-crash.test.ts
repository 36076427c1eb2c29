// Crashes at a scale CI can afford: 1,000 learners (each its own session and
// playback; a third on their own socket.io connection, the rest over HTTP)
// heartbeat a real web process (heartbeat-server.ts: the real endpoint, both
// adapters, the real group commit) every second; it is killed with SIGKILL
// mid-run and started again. Every heartbeat it acknowledged must be in the
// database; after the restart the learners' outboxes drain; answers come in
// bounded time; nobody is credited beyond the wall-clock bound. And a
// PostgreSQL connection terminated under a batch fails that batch (no ack)
// without taking the process down.
import type { ChildProcess } from 'node:child_process';
import http from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import postgres from 'postgres';
import { io as ioClient } from 'socket.io-client';
import { createTestSchema, type TestDb } from '../../src/lib/server/db/test-schema';
import { wallClockBound } from '../../src/lib/server/progress/credit';
import { connectionLost, pipelinedTransaction } from '../../src/lib/server/db/pipelined-tx';
import { addCourse, addUnit } from './progress-fixtures';
import {
	addLearners,
	sendHeartbeat,
	startHeartbeatServer,
	type Learner
} from './heartbeat-process';

const LEARNERS = 1000;
const SOCKETS = 400;
let t: TestDb;
let child: ChildProcess | undefined;

beforeAll(async () => {
	t = await createTestSchema();
});
afterAll(async () => {
	if (child && child.exitCode === null) {
		const exited = new Promise((r) => child!.once('exit', r));
		child.kill('SIGKILL');
		await exited;
	}
	// Not t.drop(): after the terminated connection (second test) this pool's
	// end() without a timeout still does not settle (postgres.js 3.4.9; the
	// batches' pool no longer hangs: db/pipelined-tx.ts), so it is ended with
	// one and the schema dropped from a fresh connection.
	await t.sql.end({ timeout: 1 });
	const admin = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
	await admin.unsafe(`drop schema ${t.schema} cascade`);
	await admin.end();
}, 60_000);

it('kill -9 of the web process under load: every acknowledged heartbeat is stored, the backlog drains', async () => {
	const unit = await addUnit(t.sql);
	const {
		lessonIds: [lessonId]
	} = await addCourse(t.sql, { durations: [3600] });
	const ls = await addLearners(t.sql, unit, lessonId, LEARNERS);
	let server = await startHeartbeatServer(t.schema);
	child = server.child;
	const port = server.port;
	const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
	await Promise.all(
		ls.slice(0, SOCKETS).map(
			(l) =>
				new Promise<void>((resolve) => {
					l.socket = ioClient(`http://127.0.0.1:${port}`, {
						transports: ['websocket'],
						extraHeaders: { cookie: l.cookie },
						reconnectionDelay: 200,
						reconnectionDelayMax: 1000
					});
					l.socket.once('connect', () => resolve());
				})
		)
	);
	const acked: [string, number][] = [];
	const answered: number[] = [];
	const send = (l: Learner, seq: number) =>
		sendHeartbeat(l, seq, { port: port, agent, timeoutMs: 10_000 });
	async function flush(l: Learner) {
		if (l.sending) return;
		l.sending = true;
		while (l.outbox.length) {
			const seq = l.outbox[0];
			const t0 = performance.now();
			const status = await send(l, seq);
			if (status) answered.push(performance.now() - t0);
			if (status === 200) {
				acked.push([l.pid, seq]);
				l.outbox.shift();
			} else {
				// 503 or no answer: keep it, come back after a jittered pause.
				await new Promise((r) => setTimeout(r, 200 + Math.random() * 600));
			}
		}
		l.sending = false;
	}
	let producing = true;
	const timers = ls.map((l) =>
		setInterval(() => {
			if (!producing) return;
			l.outbox.push(++l.seq);
			void flush(l);
		}, 1000)
	);
	await new Promise((r) => setTimeout(r, 4000));
	const ackedBeforeKill = acked.length;
	child.kill('SIGKILL');
	await new Promise((r) => setTimeout(r, 500));
	server = await startHeartbeatServer(t.schema, port);
	child = server.child;
	await new Promise((r) => setTimeout(r, 4000));
	producing = false;
	for (const timer of timers) clearInterval(timer);
	const deadline = Date.now() + 40_000;
	while (Date.now() < deadline && ls.some((l) => l.outbox.length || l.sending))
		await new Promise((r) => setTimeout(r, 200));
	for (const l of ls) l.socket?.close();
	agent.destroy();

	expect(ackedBeforeKill).toBeGreaterThan(LEARNERS / 2); // the load was real before the kill
	const [found] = await t.sql`
		select count(*)::int as n from heartbeats h
		join unnest(${acked.map((a) => a[0])}::uuid[], ${acked.map((a) => a[1])}::int[]) as k (pid, seq)
			on h.playback_id = k.pid and h.seq = k.seq`;
	expect(acked.length - found.n).toBe(0); // acknowledged but missing
	expect(ls.reduce((n, l) => n + l.outbox.length, 0)).toBe(0); // everything delivered in the end
	expect(acked.length).toBe(ls.reduce((n, l) => n + l.seq, 0));
	const sorted = answered.sort((a, b) => a - b);
	// Bounded: under the 15 s a player waits before giving up (the outside client saw
	// p99 14.3 s and 27 % timeouts). On this shared machine at load ~29 the p99 was 13.4 s,
	// most of it the test process's own event-loop lag; the 50 ms bound of 503s is in heartbeat-overload.test.ts.
	expect(sorted[Math.floor(sorted.length * 0.99)]).toBeLessThan(15_000);
	const pbs = await t.sql`
		select p.started_at, p.credited_seconds, c.max_credited_rate, now() as now from playbacks p
		join lessons l on l.id = p.lesson_id join courses c on c.id = l.course_id
		where p.id = any(${ls.map((l) => l.pid)}::uuid[])`;
	for (const p of pbs)
		expect(p.credited_seconds).toBeLessThanOrEqual(
			wallClockBound(
				{
					startedAt: p.started_at.getTime(),
					endedAt: null,
					maxRate: Number(p.max_credited_rate)
				},
				p.now.getTime()
			)
		);
}, 90_000);

it('a PostgreSQL connection terminated under a batch fails that batch, without taking the process down', async () => {
	const killer = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
	const failed = await pipelinedTransaction(t.sql, async (tx, begun) => {
		await begun;
		const [{ pid }] = await tx`select pg_backend_pid() as pid`;
		await killer`select pg_terminate_backend(${pid})`;
		await tx`select pg_sleep(1)`;
		return 'committed';
	}).catch((e: unknown) => e);
	await killer.end();
	expect(connectionLost(failed)).toBe(true);
	// A process crash (postgres.js writing to the dead socket from a timer) would fail the run here.
	await new Promise((r) => setTimeout(r, 300));
	expect(await pipelinedTransaction(t.sql, async (tx) => (await tx`select 1 as one`)[0].one)).toBe(
		1
	);
});
