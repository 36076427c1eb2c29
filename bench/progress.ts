// npm run bench:progress — heartbeat throughput of the production build.
// 1. builds the app (skip with --no-build when build/ is current), creates a
//    fresh database xuefan_bench_<rand> on the machine's PostgreSQL
//    (XUEFAN_BENCH_PG, default postgres://root@127.0.0.1:5432/test), with
//    --learners learners (default 2,000), each with its own session (made
//    with the sessions module, skipping Argon2: see progress-harness.ts), and
//    one published lesson;
// 2. starts `node server/index.js` on 127.0.0.1:4207; every learner starts
//    its own playback (POST /api/playbacks);
// 3. for --seconds (default 60) per transport (--transports, default
//    socket,http) a closed loop of --concurrency heartbeats in flight (default
//    160), learner after learner; each heartbeat honestly reports the wall time
//    since that learner's previous one as watched. `socket`: every learner's
//    own socket.io connection (websocket, its session cookie), the event
//    'heartbeat:send' acknowledged after commit; `http`: POSTs over a
//    keep-alive agent. The server's CPU time (/proc/<pid>/stat: user + system)
//    is read around each window: cpu µs per acknowledged heartbeat;
// 4. the same client against a bare node:http server answering 204
//    (--bare-seconds, default 20), in a child process like the app;
// 5. counts the acknowledged heartbeats found in the heartbeats table, stops
//    the server and drops the database.
// --programme: a live study programme with the lesson's course is assigned to
// every learner first (see programme-fixture.ts; bench:progress-programme
// compares both).
// Last line: {"heartbeats_per_s":…,"socket_per_s":…,"http_per_s":…,"p99_ms":…,"errors":…,"acked":…,
// "rows_confirmed":…,"bare_http_per_s":…,"ratio":…,"cpu_us_per_heartbeat":…,"pg_cpu_us_per_heartbeat":…}:
// heartbeats_per_s, p99_ms, ratio, cpu_us_per_heartbeat (the server process) and
// pg_cpu_us_per_heartbeat (its PostgreSQL backends) of the default (first) transport; errors, acked and
// rows_confirmed over both. Per-transport details on stderr.
// Knobs for an unattended run (each the default of its flag; flags win):
// XUEFAN_BENCH_LEARNERS (--learners), XUEFAN_BENCH_SECONDS (--seconds, per
// transport), XUEFAN_BENCH_BARE_SECONDS (--bare-seconds), XUEFAN_BENCH_PORT
// (the app's port, default 4207), XUEFAN_BENCH_BARE_PORT (the bare server's, 4217),
// XUEFAN_BENCH_NODE_ARGS (flags for the server's node, e.g. --cpu-prof).
import { spawn } from 'node:child_process';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { io as ioClient, type Socket } from 'socket.io-client';
import { publishBenchProgramme } from './programme-fixture.ts';
import {
	buildApp,
	backendCpuDelta,
	backendCpuMs,
	cpuMs,
	createBenchDb,
	percentile,
	request,
	seedLearners,
	seedLesson,
	startServer,
	stopServer
} from './progress-harness.ts';

const { values } = parseArgs({
	options: {
		learners: { type: 'string', default: process.env.XUEFAN_BENCH_LEARNERS ?? '2000' },
		seconds: { type: 'string', default: process.env.XUEFAN_BENCH_SECONDS ?? '60' },
		concurrency: { type: 'string', default: '160' },
		'bare-seconds': { type: 'string', default: process.env.XUEFAN_BENCH_BARE_SECONDS ?? '20' },
		'no-build': { type: 'boolean', default: false },
		// a live study programme containing the benchmarked course, assigned to every learner (bench:progress-programme)
		programme: { type: 'boolean', default: false },
		tcp: { type: 'boolean', default: false },
		transports: { type: 'string', default: 'socket,http' }
	}
});
type Transport = 'socket' | 'http';
const TRANSPORTS = values.transports.split(',').map((t) => t.trim()) as Transport[];
for (const t of TRANSPORTS)
	if (t !== 'socket' && t !== 'http') throw new Error(`--transports: socket or http, not ${t}`);
const LEARNERS = Math.min(20_000, Math.max(1, Number(values.learners)));
const SECONDS = Math.min(600, Math.max(1, Number(values.seconds)));
const CONCURRENCY = Math.min(512, Math.max(1, Number(values.concurrency)));
const BARE_SECONDS = Math.min(120, Math.max(1, Number(values['bare-seconds'])));
const PORT = Number(process.env.XUEFAN_BENCH_PORT ?? 4207);
const BARE_PORT = Number(process.env.XUEFAN_BENCH_BARE_PORT ?? 4217);

interface Virtual {
	cookie: string;
	socket?: Socket;
	playbackId: string;
	seq: number;
	pos: number;
	last: number;
}

interface LoadResult {
	ok: number;
	errors: number;
	seconds: number;
	latencies: Float64Array;
	acked: { pid: string; seq: number }[];
}

/** A closed loop: `concurrency` requests in flight, each taking the next idle learner. */
async function load(
	port: number,
	learners: Virtual[],
	seconds: number,
	bare: boolean,
	transport: Transport = 'http'
): Promise<LoadResult> {
	const idle = [...learners];
	const latencies: number[] = [];
	const acked: { pid: string; seq: number }[] = [];
	let errors = 0;
	const started = performance.now();
	const end = started + seconds * 1000;
	const errorSamples = new Map<string, number>();
	async function worker() {
		while (performance.now() < end) {
			const v = idle.shift()!;
			const now = Date.now();
			const watched = Math.min(30, (now - v.last) / 1000);
			const seq = v.seq + 1;
			const body = JSON.stringify({
				seq,
				intervals: [[v.pos, v.pos + watched]],
				position: v.pos + watched,
				rate: 1,
				event: 'tick',
				sentAt: now
			});
			const t0 = performance.now();
			try {
				const res =
					transport === 'socket'
						? await emit(v, body)
						: await request(
								port,
								'POST',
								bare ? '/' : `/api/playbacks/${v.playbackId}/heartbeats`,
								body,
								v.cookie
							);
				latencies.push(performance.now() - t0);
				if (res.status === (bare ? 204 : 200)) {
					v.seq = seq;
					v.pos += watched;
					v.last = now;
					if (!bare) acked.push({ pid: v.playbackId, seq });
				} else {
					errors++;
					const k = `${res.status} ${res.body.slice(0, 120)}`;
					errorSamples.set(k, (errorSamples.get(k) ?? 0) + 1);
				}
			} catch (e) {
				errors++;
				const k = String((e as Error).message);
				errorSamples.set(k, (errorSamples.get(k) ?? 0) + 1);
			}
			idle.push(v);
		}
	}
	await Promise.all(Array.from({ length: CONCURRENCY }, worker));
	for (const [k, n] of errorSamples) console.error(`  ${n} × ${k}`);
	const sorted = Float64Array.from(latencies).sort();
	return {
		ok: latencies.length - errors,
		errors,
		seconds: (performance.now() - started) / 1000,
		latencies: sorted,
		acked
	};
}

/** One heartbeat over the learner's socket: the ack is the HTTP answer as data. */
async function emit(v: Virtual, body: string) {
	const a = (await v.socket!.timeout(30_000).emitWithAck('heartbeat:send', v.playbackId, body)) as {
		status: number;
		body: unknown;
	};
	return { status: a.status, body: JSON.stringify(a.body) };
}

/** Every learner's own socket.io connection with its session cookie (as the player opens it). */
async function connectAll(port: number, learners: Virtual[]) {
	for (let i = 0; i < learners.length; i += 100)
		await Promise.all(
			learners.slice(i, i + 100).map(
				(v) =>
					new Promise<void>((resolve, reject) => {
						const s = ioClient(`http://127.0.0.1:${port}`, {
							transports: ['websocket'],
							extraHeaders: { cookie: v.cookie },
							reconnection: false
						});
						s.once('connect', () => resolve());
						s.once('connect_error', reject);
						v.socket = s;
					})
			)
		);
}

buildApp();
const bdb = await createBenchDb();
let server: Awaited<ReturnType<typeof startServer>> | undefined;
try {
	console.error(`database ${bdb.name}: seeding ${LEARNERS} learners…`);
	const learners = await seedLearners(bdb.sql, LEARNERS);
	const lessonId = await seedLesson(bdb.sql, 3600);
	if (values.programme) await publishBenchProgramme(bdb.sql, lessonId);
	server = await startServer(bdb.url, PORT);
	console.error('server up; starting playbacks…');
	const virtual: Virtual[] = [];
	for (let i = 0; i < learners.length; i += 50) {
		const batch = learners.slice(i, i + 50);
		const started = await Promise.all(
			batch.map((l, j) =>
				request(
					PORT,
					'POST',
					'/api/playbacks',
					JSON.stringify({ lessonId, deviceId: `bench-${i + j}` }),
					l.cookie
				)
			)
		);
		for (const [j, res] of started.entries()) {
			if (res.status !== 201) throw new Error(`POST /api/playbacks: ${res.status} ${res.body}`);
			virtual.push({
				cookie: batch[j].cookie,
				playbackId: JSON.parse(res.body).playbackId,
				seq: 0,
				pos: 0,
				last: Date.now()
			});
		}
	}
	console.error(
		`${virtual.length} playbacks; heartbeats for ${SECONDS} s at concurrency ${CONCURRENCY}…`
	);
	if (TRANSPORTS.includes('socket')) await connectAll(PORT, virtual);
	const runs = new Map<Transport, LoadResult & { cpuUs: number; pgCpuUs: number }>();
	for (const transport of TRANSPORTS) {
		const cpu0 = cpuMs(server.pid!);
		const pg0 = await backendCpuMs(bdb.sql);
		const run = await load(PORT, virtual, SECONDS, false, transport);
		const cpuUs = ((cpuMs(server.pid!) - cpu0) * 1000) / Math.max(1, run.ok);
		const pgCpuUs =
			(backendCpuDelta(pg0, await backendCpuMs(bdb.sql)) * 1000) / Math.max(1, run.ok);
		runs.set(transport, { ...run, cpuUs, pgCpuUs });
		console.error(
			`${transport}: ${Math.round(run.ok / run.seconds)}/s, p50 ${percentile(run.latencies, 50).toFixed(1)} ms, p99 ${percentile(run.latencies, 99).toFixed(1)} ms, ${run.errors} errors, server CPU ${cpuUs.toFixed(0)} µs and PostgreSQL CPU ${pgCpuUs.toFixed(0)} µs per heartbeat`
		);
	}
	for (const v of virtual) v.socket?.close();
	await stopServer(server);
	server = undefined;
	const app = runs.get(TRANSPORTS[0])!;
	const acked = [...runs.values()].flatMap((r) => r.acked);
	const errors = [...runs.values()].reduce((n, r) => n + r.errors, 0);
	const perS = (t: Transport) => {
		const r = runs.get(t);
		return r ? Math.round(r.ok / r.seconds) : null;
	};

	console.error(`bare node:http 204 server for ${BARE_SECONDS} s…`);
	const bareServer = spawn(
		process.execPath,
		[
			'-e',
			`require('node:http').createServer((q, s) => { q.resume(); q.on('end', () => { s.statusCode = 204; s.end(); }); }).listen(${BARE_PORT}, '127.0.0.1')`
		],
		{ stdio: 'ignore' }
	);
	await new Promise((r) => setTimeout(r, 500));
	const bare = await load(
		BARE_PORT,
		virtual.map((v) => ({ ...v, socket: undefined })),
		BARE_SECONDS,
		true
	);
	bareServer.kill('SIGTERM');

	const [found] = await bdb.sql`
		select count(*)::int as n from heartbeats h
		join unnest(${acked.map((a) => a.pid)}::uuid[], ${acked.map((a) => a.seq)}::int[]) as k (pid, seq)
			on h.playback_id = k.pid and h.seq = k.seq`;
	const heartbeatsPerS = app.ok / app.seconds;
	const barePerS = bare.ok / bare.seconds;
	console.error(
		`machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}; client, server and PostgreSQL share it`
	);
	console.log(
		JSON.stringify({
			heartbeats_per_s: Math.round(heartbeatsPerS),
			socket_per_s: perS('socket'),
			http_per_s: perS('http'),
			p99_ms: Number(percentile(app.latencies, 99).toFixed(1)),
			errors,
			acked: acked.length,
			rows_confirmed: found.n,
			bare_http_per_s: Math.round(barePerS),
			ratio: Number((heartbeatsPerS / barePerS).toFixed(3)),
			cpu_us_per_heartbeat: Math.round(app.cpuUs),
			pg_cpu_us_per_heartbeat: Math.round(app.pgCpuUs)
		})
	);
} finally {
	if (server) await stopServer(server);
	await bdb.drop();
}
