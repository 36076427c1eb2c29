// Graceful shutdown of a real web instance (server/index.js, the production
// build) under heartbeat load: two instances A and B on one database, as
// behind a balancer; 300 learners heartbeat A every second (a third over
// their socket, the rest over HTTP). A gets SIGTERM: it must exit 0 within
// XUEFAN_SHUTDOWN_TIMEOUT_MS, tell its sockets to reconnect, and every
// heartbeat any instance acknowledged must be in the database; learners
// refused or cut off by A send again to B, and nothing is left unsent.
import http from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type postgres from 'postgres';
import { io as ioClient } from 'socket.io-client';
import { addCourse, addUnit } from './progress-fixtures';
import { addLearners, sendHeartbeat, type Learner } from './heartbeat-process';
import {
	connect,
	ensureBuild,
	freshDatabase,
	startWeb,
	stopWeb,
	type WebProcess
} from './web-process';

const LEARNERS = 300;
const SOCKETS = 100;
const TIMEOUT_MS = 8000;
let db: Awaited<ReturnType<typeof freshDatabase>>;
let sql: postgres.Sql;
let a: WebProcess | undefined;
let b: WebProcess | undefined;

beforeAll(async () => {
	await ensureBuild();
	db = await freshDatabase('sd');
	const env = { DATABASE_URL: db.url, XUEFAN_SHUTDOWN_TIMEOUT_MS: String(TIMEOUT_MS) };
	// A collects heartbeats for 150 ms per batch: at the signal some are always accepted but not yet committed.
	a = await startWeb({ ...env, XUEFAN_HEARTBEAT_WAIT_MS: '150' }, 4353);
	b = await startWeb(env, 4354);
	sql = connect(db.url);
}, 600_000);

afterAll(async () => {
	await stopWeb(a);
	await stopWeb(b);
	await sql?.end();
	await db?.drop();
}, 60_000);

it('SIGTERM under heartbeat load: exits in time, every acknowledged heartbeat is stored', async () => {
	const unit = await addUnit(sql);
	const {
		lessonIds: [lessonId]
	} = await addCourse(sql, { durations: [3600] });
	const ls = await addLearners(sql, unit, lessonId, LEARNERS);
	const port = new Map<Learner, number>(ls.map((l) => [l, a!.port]));
	const socketPort = new Map<Learner, number>();
	let told = 0;
	let stopping = false;
	const connectTo = (l: Learner, p: number) =>
		new Promise<void>((resolve) => {
			const s = ioClient(`http://127.0.0.1:${p}`, {
				transports: ['websocket'],
				extraHeaders: { cookie: l.cookie },
				reconnection: false
			});
			l.socket = s;
			socketPort.set(l, p);
			s.once('connect', () => resolve());
			s.once('server:shutdown', () => told++);
			// Cut off by A: reconnect elsewhere (the balancer's job; B here).
			s.once('disconnect', () => {
				if (p === a!.port) void connectTo(l, b!.port);
			});
		});
	await Promise.all(ls.slice(0, SOCKETS).map((l) => connectTo(l, a!.port)));
	const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
	const acked: [string, number][] = [];
	let ackedByADuringDrain = 0;
	const send = (l: Learner, seq: number) =>
		sendHeartbeat(l, seq, { port: port.get(l)!, agent, timeoutMs: 10_000 });
	async function flush(l: Learner) {
		if (l.sending) return;
		l.sending = true;
		while (l.outbox.length) {
			const seq = l.outbox[0];
			const onA = (l.socket?.connected ? socketPort.get(l) : port.get(l)) === a!.port;
			const status = await send(l, seq);
			if (status === 200) {
				acked.push([l.pid, seq]);
				if (stopping && onA) ackedByADuringDrain++;
				l.outbox.shift();
			} else {
				// Refused (503 while draining) or no answer: the next try goes to B.
				if (stopping) port.set(l, b!.port);
				await new Promise((r) => setTimeout(r, 100 + Math.random() * 300));
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
	// One more round right before the signal: A holds it in its 150 ms batch window.
	for (const l of ls) {
		l.outbox.push(++l.seq);
		void flush(l);
	}
	await new Promise((r) => setTimeout(r, 40));
	const before = acked.length;
	const connectedToA = ls.filter((l) => l.socket?.connected).length;
	stopping = true;
	const t0 = Date.now();
	a!.child.kill('SIGTERM');
	const { code } = await a!.exited;
	const tookMs = Date.now() - t0;
	await new Promise((r) => setTimeout(r, 3000));
	producing = false;
	for (const t of timers) clearInterval(t);
	const deadline = Date.now() + 40_000;
	while (Date.now() < deadline && ls.some((l) => l.outbox.length || l.sending))
		await new Promise((r) => setTimeout(r, 200));
	for (const l of ls) l.socket?.close();
	agent.destroy();

	expect(before).toBeGreaterThan(LEARNERS * 2); // real load before the signal
	expect(code).toBe(0);
	expect(tookMs).toBeLessThan(TIMEOUT_MS);
	expect(a!.log()).toMatch(/"msg":"shutdown: done"/);
	expect(told).toBe(connectedToA); // every socket of A was told to reconnect
	expect(ackedByADuringDrain).toBeGreaterThan(0); // the flush: accepted before the signal, committed and answered after
	const [found] = await sql`
		select count(*)::int as n from heartbeats h
		join unnest(${acked.map((x) => x[0])}::uuid[], ${acked.map((x) => x[1])}::int[]) as k (pid, seq)
			on h.playback_id = k.pid and h.seq = k.seq`;
	expect(acked.length - found.n).toBe(0); // acknowledged but missing
	expect(ls.reduce((n, l) => n + l.outbox.length, 0)).toBe(0);
	expect(acked.length).toBe(ls.reduce((n, l) => n + l.seq, 0));
	console.log(
		`shutdown: ${tookMs} ms, ${ackedByADuringDrain} acked by A while draining, ${acked.length} acked in all`
	);
}, 240_000);
