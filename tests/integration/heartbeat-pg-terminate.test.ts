// PostgreSQL terminates the web process's connections under heartbeat load
// (pg_terminate_backend of every backend of the app, again and again, as a
// failover or an administrator would): the process stays up, keeps answering
// (a batch on a terminated connection fails: 503, never acknowledged), its
// pool recovers (postgres.js 3.4.9 gives a released dead connection back and
// hangs on it, porsager/postgres#1199; see db/pipelined-tx.ts), and every
// acknowledged heartbeat is in the database.
import type { ChildProcess } from 'node:child_process';
import http from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import postgres from 'postgres';
import { io as ioClient } from 'socket.io-client';
import { createTestSchema, type TestDb } from '../../src/lib/server/db/test-schema';
import { addCourse, addUnit } from './progress-fixtures';
import {
	addLearners,
	sendHeartbeat,
	startHeartbeatServer,
	type Learner
} from './heartbeat-process';

const LEARNERS = 400;
const SOCKETS = 150;
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
	await t.drop();
}, 60_000);

it('terminated PostgreSQL connections under load: the process answers on, nothing acknowledged is lost', async () => {
	const unit = await addUnit(t.sql);
	const {
		lessonIds: [lessonId]
	} = await addCourse(t.sql, { durations: [3600] });
	const ls = await addLearners(t.sql, unit, lessonId, LEARNERS);
	const server = await startHeartbeatServer(t.schema);
	child = server.child;
	let exited: number | null = null;
	child.once('exit', (code) => (exited = code ?? -1));
	const { port } = server;
	const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });
	await Promise.all(
		ls.slice(0, SOCKETS).map(
			(l) =>
				new Promise<void>((resolve) => {
					l.socket = ioClient(`http://127.0.0.1:${port}`, {
						transports: ['websocket'],
						extraHeaders: { cookie: l.cookie }
					});
					l.socket.once('connect', () => resolve());
				})
		)
	);
	const acked: [string, number][] = [];
	const statuses = new Map<number, number>();
	const answered: number[] = [];
	const send = (l: Learner, seq: number) =>
		sendHeartbeat(l, seq, { port: port, agent, timeoutMs: 15_000 });
	async function flush(l: Learner) {
		if (l.sending) return;
		l.sending = true;
		while (l.outbox.length) {
			const seq = l.outbox[0];
			const t0 = performance.now();
			const status = await send(l, seq);
			statuses.set(status, (statuses.get(status) ?? 0) + 1);
			if (status) answered.push(performance.now() - t0);
			if (status === 200) {
				acked.push([l.pid, seq]);
				l.outbox.shift();
			} else await new Promise((r) => setTimeout(r, 200 + Math.random() * 600));
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
	const killer = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
	await new Promise((r) => setTimeout(r, 2000));
	const ackedBefore = acked.length;
	let terminated = 0;
	for (let round = 0; round < 8; round++) {
		const rows = await killer`
			select pg_terminate_backend(pid) as ok from pg_stat_activity
			where application_name = 'heartbeat-server' and datname = current_database()`;
		terminated += rows.filter((r) => r.ok).length;
		await new Promise((r) => setTimeout(r, 250 + Math.random() * 500));
	}
	await killer.end();
	const ackedDuring = acked.length;
	await new Promise((r) => setTimeout(r, 3000));
	producing = false;
	for (const timer of timers) clearInterval(timer);
	const deadline = Date.now() + 30_000;
	while (Date.now() < deadline && ls.some((l) => l.outbox.length || l.sending))
		await new Promise((r) => setTimeout(r, 200));
	for (const l of ls) l.socket?.close();
	agent.destroy();

	expect(exited).toBe(null); // the process survived every termination
	expect(terminated).toBeGreaterThan(8); // connections really were cut, repeatedly
	expect(ackedBefore).toBeGreaterThan(LEARNERS / 2);
	expect(acked.length).toBeGreaterThan(ackedDuring); // answering on after the last termination
	const [found] = await t.sql`
		select count(*)::int as n from heartbeats h
		join unnest(${acked.map((a) => a[0])}::uuid[], ${acked.map((a) => a[1])}::int[]) as k (pid, seq)
			on h.playback_id = k.pid and h.seq = k.seq`;
	expect(acked.length - found.n).toBe(0); // acknowledged but missing
	expect(ls.reduce((n, l) => n + l.outbox.length, 0)).toBe(0); // every outbox drained
	expect(acked.length).toBe(ls.reduce((n, l) => n + l.seq, 0));
	const sorted = answered.sort((a, b) => a - b);
	expect(sorted[Math.floor(sorted.length * 0.99)]).toBeLessThan(15_000);
	console.log('pg-terminate statuses', Object.fromEntries(statuses), 'terminated', terminated);
}, 120_000);
