// npm run bench:campaign — the whole organisation watching at once on this
// machine, with the server killed (-9) at the midpoint.
// 1. builds the app (--no-build to skip), a fresh database (as bench:progress),
//    --learners learners (default 44,600), each with its own session, and one
//    published 10-hour lesson; the production server on 127.0.0.1:4207; every
//    learner starts its own playback (POST /api/playbacks);
// 2. --clients client processes (default 2) at lower priority (nice 10) run
//    the learners (bench/campaign-learner.ts: the browser outbox's pacing
//    code) for --seconds (default 300). Learners on their own socket.io
//    connection: --sockets (default min(learners, 14,000): the server process
//    may hold at most `ulimit -n` = 20,000 descriptors here); the rest HTTP
//    over keep-alive pools;
// 3. at --kill-at seconds (default the midpoint) the server is SIGKILLed and
//    restarted --restart-after seconds later (default 2); with --pg-kill-at the
//    server's database connections are terminated by PostgreSQL then (the
//    server reaches PostgreSQL over its unix socket, this script over TCP);
// 4. at the end learners stop producing and send what they hold (up to --tail
//    seconds, default 90); then against the database: lost_acked —
//    acknowledged heartbeats not in the heartbeats table; over_bound —
//    playbacks credited beyond their wall-clock bound; drain_s — seconds from
//    the restart until the learners' outboxes are back to their level before
//    the kill.
// Knobs for an unattended run (each the default of its flag; flags win):
// XUEFAN_BENCH_LEARNERS (--learners), XUEFAN_BENCH_SECONDS (--seconds),
// XUEFAN_BENCH_PORT (the server's port, default 4207).
// Last line: {"learners":…,"offered_per_s":…,"acked_per_s":…,"p99_ms":…,"p99_wire_ms":… (less the wait in the client's pool),"shed_503":…,"lost_acked":…,"drain_s":…,"over_bound":…}
import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { setPriority, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import * as sessions from '../src/lib/server/auth/sessions.ts';
import { wallClockBound } from '../src/lib/server/progress/credit.ts';
import type { Shard } from './campaign-learner.ts';
import {
	buildApp,
	createBenchDb,
	percentile,
	request,
	seedLesson,
	startServer,
	stopServer
} from './progress-harness.ts';

const { values } = parseArgs({
	options: {
		learners: { type: 'string', default: process.env.XUEFAN_BENCH_LEARNERS ?? '44600' },
		seconds: { type: 'string', default: process.env.XUEFAN_BENCH_SECONDS ?? '300' },
		clients: { type: 'string', default: '2' },
		sockets: { type: 'string' },
		'kill-at': { type: 'string' },
		'restart-after': { type: 'string', default: '2' },
		'pg-kill-at': { type: 'string' },
		tail: { type: 'string', default: '90' },
		'no-build': { type: 'boolean', default: false },
		tcp: { type: 'boolean', default: false }
	}
});
const N = Math.max(1, Number(values.learners));
const SECONDS = Math.max(5, Number(values.seconds));
const CLIENTS = Math.max(1, Number(values.clients));
const SOCKETS = Math.min(N, Number(values.sockets ?? Math.min(N, 14_000)));
const KILL_AT = Number(values['kill-at'] ?? SECONDS / 2);
const RESTART_AFTER = Number(values['restart-after']);
const PG_KILL_AT = values['pg-kill-at'] ? Number(values['pg-kill-at']) : null;
const PORT = Number(process.env.XUEFAN_BENCH_PORT ?? 4207);
const log = (s: string) => console.error(`[${new Date().toISOString().slice(11, 19)}] ${s}`);

buildApp();
const bdb = await createBenchDb();
let server: ChildProcess | undefined;
const clients: ChildProcess[] = [];
try {
	log(`database ${bdb.name}: ${N} learners with sessions…`);
	const [unit] =
		await bdb.sql`insert into org_units (name, kind) values ('压测县', 'county') returning id`;
	await bdb.sql`insert into org_closure (ancestor_id, descendant_id, depth) values (${unit.id}, ${unit.id}, 0)`;
	const nos = Array.from({ length: N }, (_, i) => `C${String(i + 1).padStart(6, '0')}`);
	const users = await bdb.sql`
		insert into users (employee_no, name, unit_id, rank_level, must_change_password)
		select no, '学员' || no, ${unit.id}, 'general', false from unnest(${nos}::text[]) as no
		returning id`;
	const cookies: string[] = [];
	for (let i = 0; i < users.length; i += 200)
		cookies.push(
			...(await Promise.all(
				users
					.slice(i, i + 200)
					.map(async (u) => `${sessions.COOKIE}=${await sessions.create(bdb.sql, u.id)}`)
			))
		);
	const lessonId = await seedLesson(bdb.sql, 36_000);
	server = await startServer(bdb.url, PORT, 'data/campaign-server.log');
	log('server up; every learner starts a playback…');
	const pids: string[] = new Array(N);
	let next = 0;
	await Promise.all(
		Array.from({ length: 64 }, async () => {
			while (next < N) {
				const i = next++;
				const body = JSON.stringify({ lessonId, deviceId: `campaign-${i}` });
				const res = await request(PORT, 'POST', '/api/playbacks', body, cookies[i]);
				if (res.status !== 201) throw new Error(`POST /api/playbacks: ${res.status} ${res.body}`);
				pids[i] = JSON.parse(res.body).playbackId;
			}
		})
	);
	log(`${N} playbacks; ${CLIENTS} client processes (nice 10), ${SOCKETS} learners on sockets…`);
	const reports: Record<string, number>[] = [];
	const ready: Promise<void>[] = [];
	const done: Promise<Record<string, number>>[] = [];
	for (let c = 0; c < CLIENTS; c++) {
		const shard: Shard = {
			port: PORT,
			out: `data/campaign-acked-${c}.txt`,
			sources: Array.from({ length: 6 }, (_, k) => `127.0.0.${2 + ((c * 6 + k) % 250)}`),
			learners: []
		};
		for (let i = c; i < N; i += CLIENTS)
			shard.learners.push({ cookie: cookies[i], pid: pids[i], socket: i < SOCKETS });
		const file = `data/campaign-shard-${c}.json`;
		writeFileSync(file, JSON.stringify(shard));
		const child = fork('bench/campaign-learner.ts', ['--shard', file], {
			execArgv: ['--import', 'tsx', '--max-old-space-size=4096'],
			stdio: ['ignore', 'inherit', 'inherit', 'ipc']
		});
		setPriority(child.pid!, 10);
		clients.push(child);
		reports.push({});
		ready.push(new Promise((r) => child.once('message', () => r())));
		done.push(
			new Promise((r) =>
				child.on('message', (m: { kind: string } & Record<string, number>) => {
					if (m.kind === 'report') reports[c] = m;
					if (m.kind === 'done') r(m);
				})
			)
		);
	}
	await Promise.all(ready);
	log(`load ${loadavg()[0].toFixed(1)}; go for ${SECONDS} s (kill -9 at ${KILL_AT} s)`);
	for (const c of clients) c.send({ kind: 'go' });
	const started = Date.now();
	const total = (k: string) => reports.reduce((n, r) => n + (r[k] ?? 0), 0);
	const pendingLog: { t: number; pending: number }[] = [];
	let killedAt: number | null = null;
	let restartedAt: number | null = null;
	let pgKilled = false;
	let last = { acks: 0, attempts: 0 };
	while (Date.now() - started < SECONDS * 1000) {
		await new Promise((r) => setTimeout(r, 1000));
		const t = (Date.now() - started) / 1000;
		pendingLog.push({ t, pending: total('pending') });
		if (Math.round(t) % 10 === 0)
			log(
				`t=${t.toFixed(0)} s: ${total('acks') - last.acks} acks / ${total('attempts') - last.attempts} attempts in 10 s, pending ${total('pending')}, shed ${total('shed')}, failed ${total('failed')}`
			);
		if (Math.round(t) % 10 === 0) last = { acks: total('acks'), attempts: total('attempts') };
		if (killedAt === null && t >= KILL_AT) {
			killedAt = t;
			log('kill -9 of the server');
			server.kill('SIGKILL');
			setTimeout(() => {
				restartedAt = (Date.now() - started) / 1000;
				startServer(bdb.url, PORT, 'data/campaign-server.log').then(
					(s) => {
						server = s;
						log(
							`server answers again (${((Date.now() - started) / 1000 - restartedAt!).toFixed(1)} s after the restart)`
						);
					},
					(e) => log(`restart failed: ${e}`)
				);
			}, RESTART_AFTER * 1000);
		}
		if (PG_KILL_AT !== null && !pgKilled && t >= PG_KILL_AT) {
			pgKilled = true;
			const [r] = await bdb.sql`
				select count(pg_terminate_backend(pid))::int as n from pg_stat_activity
				where datname = ${bdb.name} and pid <> pg_backend_pid() and client_addr is null`;
			log(`PostgreSQL terminated ${r.n} server connections`);
		}
	}
	const window = { acks: total('acks'), attempts: total('attempts') };
	log(`producing stopped; learners send what they hold (≤ ${values.tail} s)…`);
	for (const c of clients) c.send({ kind: 'finish', tailMs: Number(values.tail) * 1000 });
	const finals = await Promise.all(done);
	const sum = (k: string) => finals.reduce((n, r) => n + (r[k] ?? 0), 0);
	// Drain: from the restart until the outboxes are back to their level of the 20 s before the kill.
	const before = pendingLog.filter(
		(p) => killedAt !== null && p.t < killedAt && p.t >= killedAt - 20
	);
	const steady = before.reduce((n, p) => n + p.pending, 0) / Math.max(1, before.length);
	const drained = pendingLog.find(
		(p) =>
			restartedAt !== null && p.t > restartedAt && p.pending <= Math.max(steady * 1.2, N * 0.01)
	);
	const drainS = restartedAt === null ? null : drained ? drained.t - restartedAt : null;

	const acked = clients.flatMap((_, c) =>
		readFileSync(`data/campaign-acked-${c}.txt`, 'utf8').split('\n').filter(Boolean)
	);
	let found = 0;
	for (let i = 0; i < acked.length; i += 50_000) {
		const part = acked.slice(i, i + 50_000).map((a) => a.split(','));
		const [r] = await bdb.sql`
			select count(*)::int as n from heartbeats h
			join unnest(${part.map((p) => p[0])}::uuid[], ${part.map((p) => Number(p[1]))}::int[]) as k (pid, seq)
				on h.playback_id = k.pid and h.seq = k.seq`;
		found += r.n;
	}
	const pbs = await bdb.sql`
		select p.started_at, p.superseded_at, p.credited_seconds, c.max_credited_rate, now() as now
		from playbacks p join lessons l on l.id = p.lesson_id join courses c on c.id = l.course_id`;
	const overBound = pbs.filter(
		(p) =>
			p.credited_seconds >
			wallClockBound(
				{
					startedAt: p.started_at.getTime(),
					endedAt: p.superseded_at?.getTime() ?? null,
					maxRate: Number(p.max_credited_rate)
				},
				p.now.getTime()
			)
	).length;
	const triples = clients.flatMap((_, c) => [
		...new Float64Array(Uint8Array.from(readFileSync(`data/campaign-acked-${c}.txt.lat`)).buffer)
	]);
	// Answer times by phase (seconds since the start): before the kill, the drain after the restart, the rest.
	// and the same less the wait in the client's keep-alive pool: the server's answer time
	const phases = { before: [] as number[], drain: [] as number[], after: [] as number[] };
	const wire = { before: [] as number[], drain: [] as number[], after: [] as number[] };
	const bySocket = { before: [] as number[], drain: [] as number[], after: [] as number[] };
	const byHttp = { before: [] as number[], drain: [] as number[], after: [] as number[] };
	const lats: number[] = [];
	const wires: number[] = [];
	for (let i = 0; i < triples.length; i += 3) {
		const t = (triples[i] - started) / 1000;
		const inDrain = restartedAt !== null && t >= restartedAt && t < restartedAt + (drainS ?? 90);
		const phase = killedAt === null || t < killedAt ? 'before' : inDrain ? 'drain' : 'after';
		phases[phase].push(triples[i + 1]);
		const onWire = triples[i + 1] - Math.max(0, triples[i + 2]);
		wire[phase].push(onWire);
		lats.push(triples[i + 1]);
		wires.push(onWire);
		(triples[i + 2] < 0 ? bySocket : byHttp)[phase].push(triples[i + 1]);
	}
	const sorted = (a: number[]) => Float64Array.from(a).sort();
	const lat = sorted(lats);
	const byPhase = (p: typeof phases) =>
		`before the kill ${percentile(sorted(p.before), 99).toFixed(1)} ms, in the drain ${percentile(sorted(p.drain), 99).toFixed(1)} ms, after it ${percentile(sorted(p.after), 99).toFixed(1)} ms`;
	log(`p99 of answers: ${byPhase(phases)}`);
	log(`p99 of answers less the wait for a pooled connection: ${byPhase(wire)}`);
	log(`p99 of answers over socket.io: ${byPhase(bySocket)}; over HTTP: ${byPhase(byHttp)}`);
	log(
		`acked ${acked.length}, found ${found}; unsent at the end ${sum('unsent')}; dropped ${sum('dropped')}; failed attempts ${sum('failed')}; p50 ${percentile(lat, 50).toFixed(1)} ms; steady outbox ${steady.toFixed(0)}; load ${loadavg()
			.map((x) => x.toFixed(1))
			.join(' ')}`
	);
	console.log(
		JSON.stringify({
			learners: N,
			offered_per_s: Math.round(window.attempts / SECONDS),
			acked_per_s: Math.round(window.acks / SECONDS),
			p99_ms: Number(percentile(lat, 99).toFixed(1)),
			p99_wire_ms: Number(percentile(sorted(wires), 99).toFixed(1)),
			shed_503: sum('shed'),
			lost_acked: acked.length - found,
			drain_s: drainS === null ? null : Number(drainS.toFixed(1)),
			over_bound: overBound
		})
	);
} finally {
	for (const c of clients) if (c.exitCode === null) c.kill('SIGKILL');
	if (server) await stopServer(server);
	await bdb.drop();
}
