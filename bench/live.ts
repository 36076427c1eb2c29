// npm run bench:live — one instance, one live session: N socket.io viewers
// (websocket transport, spread over several client processes) join; the
// lecturer sends chat at RATE messages/s for SECONDS; every connected viewer
// should receive every message. Prints progress to stderr and a final JSON line:
// {"viewers":…, "delivered_ratio":…, "p50_ms":…, "p95_ms":…, "server_rss_mb":…, "event_loop_p99_ms":…}
//
// Settings (env): LIVE_BENCH_VIEWERS (10000), LIVE_BENCH_SECONDS (60),
// LIVE_BENCH_RATE (5), LIVE_BENCH_WORKERS (4 client processes),
// XUEFAN_BENCH_PG (postgres://root@127.0.0.1:5432/test: a throw-away database is made there).
// Needs file descriptors: each process opens up to N (server) or N/workers sockets (see `ulimit -n`).
import { fork, type ChildProcess } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { setPriority } from 'node:os';
import { io as ioClient } from 'socket.io-client';
import type postgres from 'postgres';
import { generateToken, hashSecret } from '../src/lib/server/auth/tokens.ts';
import { COOKIE } from '../src/lib/server/auth/sessions.ts';
import { createBenchDb } from './progress-harness.ts';

const VIEWERS = Number(process.env.LIVE_BENCH_VIEWERS ?? 10_000);
const SECONDS = Number(process.env.LIVE_BENCH_SECONDS ?? 60);
const RATE = Number(process.env.LIVE_BENCH_RATE ?? 5);
const WORKERS = Number(process.env.LIVE_BENCH_WORKERS ?? 4);
const PORT = 20_000 + randomInt(20_000);
const log = (s: string) => console.error(`[bench:live] ${s}`);

type Msg = { type: string };
/** The child's reply of that type; T is the shape the child (below) sends for it. */
function waitFor<T extends object = object>(
	child: ChildProcess,
	type: string,
	timeoutMs = 600_000
): Promise<Msg & T> {
	return new Promise((resolve, reject) => {
		const t = setTimeout(() => reject(new Error(`timed out waiting for ${type}`)), timeoutMs);
		const on = (m: Msg) => {
			if (m.type !== type) return;
			clearTimeout(t);
			child.off('message', on);
			resolve(m as Msg & T);
		};
		child.on('message', on);
		child.once('exit', (code) =>
			reject(new Error(`child exited (${code}) while waiting for ${type}`))
		);
	});
}
const tsx = { execArgv: ['--import', 'tsx'] };

async function seed(sql: postgres.Sql) {
	const [unit] =
		await sql`insert into org_units (name, kind) values ('压测县', 'county') returning id`;
	await sql`insert into org_closure (ancestor_id, descendant_id, depth) values (${unit.id}, ${unit.id}, 0)`;
	const nos = Array.from({ length: VIEWERS + 1 }, (_, i) => `V${String(i).padStart(6, '0')}`);
	const users = await sql`
		insert into users (employee_no, name, unit_id, rank_level, roles, must_change_password)
		select no, '学员' || no, ${unit.id}, 'general', case when no = 'V000000' then '{lecturer}'::text[] else '{learner}' end, false
		from unnest(${nos}::text[]) as no order by no returning id, employee_no`;
	// Sessions written in bulk (the rows a login writes), to skip N password hashes.
	const tokens = users.map(() => generateToken());
	await sql`
		insert into sessions (id, user_id, secret_hash)
		select id, uid, decode(h, 'hex')
		from unnest(${tokens.map((t) => t.id)}::text[], ${users.map((u) => u.id)}::int[], ${tokens.map((t) => Buffer.from(hashSecret(t.secret)).toString('hex'))}::text[]) as x (id, uid, h)`;
	const cookies = tokens.map((t) => `${COOKIE}=${t.token}`);
	const lecturerIndex = users.findIndex((u) => u.employee_no === 'V000000');
	const [s] = await sql`
		insert into live_sessions (title, lecturer_id, starts_at, expected_minutes, status, started_at, stream_key)
		values ('压测直播', ${users[lecturerIndex].id}, now(), 60, 'live', now(), ${generateToken().id}) returning id`;
	await sql`insert into live_session_units (session_id, unit_id) values (${s.id}, ${unit.id})`;
	return {
		sessionId: s.id as number,
		lecturerCookie: cookies[lecturerIndex],
		viewerCookies: cookies.filter((_, i) => i !== lecturerIndex)
	};
}

function percentile(hist: number[], total: number, p: number): number {
	const want = Math.ceil(total * p);
	let acc = 0;
	for (let ms = 0; ms < hist.length; ms++) {
		acc += hist[ms];
		if (acc >= want) return ms;
	}
	return hist.length - 1;
}

const db = await createBenchDb();
const children: ChildProcess[] = [];
try {
	log(`seeding ${VIEWERS} viewers in ${db.name}`);
	const { sessionId, lecturerCookie, viewerCookies } = await seed(db.sql);

	const serverArgs = (process.env.LIVE_BENCH_SERVER_ARGS ?? '').split(' ').filter(Boolean);
	const server = fork('bench/live-server.ts', [], {
		execArgv: [...tsx.execArgv, ...serverArgs],
		env: { ...process.env, DATABASE_URL: db.url, PORT: String(PORT), REDIS_URL: '' }
	});
	children.push(server);
	await waitFor(server, 'ready', 60_000);
	log(`server on 127.0.0.1:${PORT}; ${WORKERS} client processes join ${VIEWERS} viewers`);

	const workers = Array.from({ length: WORKERS }, () =>
		fork('bench/live-viewers.ts', [], {
			...tsx,
			env: { ...process.env, PORT: String(PORT), SESSION_ID: String(sessionId) }
		})
	);
	children.push(...workers);
	// The clients cost this box more CPU than the server does: run them at a lower
	// priority so the server under test is not starved by its own load generators.
	for (const w of workers) setPriority(w.pid!, 10);
	await Promise.all(workers.map((w) => waitFor(w, 'ready', 60_000)));
	const t0 = Date.now();
	const joins = await Promise.all(
		workers.map((w, i) => {
			const share = viewerCookies.filter((_, j) => j % WORKERS === i);
			const p = waitFor<{ joined: number; failed: number }>(w, 'joined');
			w.send({ type: 'join', cookies: share });
			return p;
		})
	);
	const joined = joins.reduce((a, j) => a + j.joined, 0);
	log(
		`${joined} joined (${joins.reduce((a, j) => a + j.failed, 0)} failed) in ${((Date.now() - t0) / 1000).toFixed(1)} s`
	);

	const lecturer = ioClient(`http://127.0.0.1:${PORT}`, {
		transports: ['websocket'],
		extraHeaders: { cookie: lecturerCookie }
	});
	await new Promise<void>((r) => lecturer.once('connect', () => r()));
	const j = await lecturer.timeout(30_000).emitWithAck('live:join', { sessionId });
	if (!j.ok) throw new Error(`lecturer join failed: ${JSON.stringify(j)}`);

	server.send({ type: 'reset' });
	log(`chat: ${RATE} messages/s for ${SECONDS} s`);
	let sent = 0;
	let refused = 0;
	const total = RATE * SECONDS;
	const started = Date.now();
	const acks: Promise<void>[] = [];
	for (let seq = 0; seq < total; seq++) {
		const due = started + (seq * 1000) / RATE;
		const wait = due - Date.now();
		if (wait > 0) await new Promise((r) => setTimeout(r, wait));
		acks.push(
			lecturer
				.timeout(120_000)
				.emitWithAck('live:chat:send', { sessionId, body: JSON.stringify({ seq, t: Date.now() }) })
				.then((r: { ok?: boolean }) => void (r.ok ? sent++ : refused++))
				.catch(() => void refused++)
		);
		if (seq % (RATE * 10) === 0 && seq) log(`${seq} sent`);
	}
	await Promise.all(acks);
	await new Promise((r) => setTimeout(r, 5000)); // drain
	// What the server accepted (and broadcast) is what is in the table, whatever the acks said.
	const [{ n: stored }] =
		await db.sql`select count(*)::int as n from live_chat_messages where session_id = ${sessionId}`;
	type Stats = {
		rssMb: number;
		loopP99Ms: number;
		loopMaxMs: number;
		sockets: number;
		cpuShare: number;
	};
	const stats = await new Promise<Msg & Stats>((resolve) => {
		const p = waitFor<Stats>(server, 'stats');
		server.send({ type: 'stats' });
		resolve(p);
	});
	const reports = await Promise.all(
		workers.map((w) => {
			const p = waitFor<{
				delivered: number;
				duplicates: number;
				disconnects: number;
				hist: number[];
			}>(w, 'report');
			w.send({ type: 'report' });
			return p;
		})
	);
	const hist = new Array<number>(60_001).fill(0);
	let delivered = 0;
	let duplicates = 0;
	let disconnects = 0;
	for (const r of reports) {
		delivered += r.delivered;
		duplicates += r.duplicates;
		disconnects += r.disconnects;
		(r.hist as number[]).forEach((n, i) => (hist[i] += n));
	}
	lecturer.close();
	log(
		`sent ${total}: ${sent} acked, ${refused} refused or unacked, ${stored} stored; delivered ${delivered} of ${joined * stored}; duplicates ${duplicates}; viewer disconnects ${disconnects}`
	);
	log(
		`server: peak RSS ${stats.rssMb.toFixed(0)} MB, event loop p99 ${stats.loopP99Ms.toFixed(1)} ms (max ${stats.loopMaxMs.toFixed(0)} ms), ${stats.sockets} engine clients, CPU ${(stats.cpuShare * 100).toFixed(0)} % of a core during the chat`
	);
	const result = {
		viewers: joined,
		delivered_ratio: joined * stored ? Number((delivered / (joined * stored)).toFixed(4)) : 0,
		p50_ms: percentile(hist, delivered, 0.5),
		p95_ms: percentile(hist, delivered, 0.95),
		server_rss_mb: Math.round(stats.rssMb),
		event_loop_p99_ms: Number(stats.loopP99Ms.toFixed(1))
	};
	console.log(JSON.stringify(result));
} finally {
	for (const c of children) {
		c.send?.({ type: 'stop' });
	}
	await new Promise((r) => setTimeout(r, 2500));
	for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
	await db.drop();
}
