// npm run bench:progress-crash — kill -9 the server under heartbeat load,
// restart it, let the clients replay what was not acknowledged, then check:
// 1. every acknowledged heartbeat is in the heartbeats table;
// 2. every learner's final coverage bitmap equals exactly what that client
//    played (the clients model the server's whole-second rule).
// Against the production build (--no-build to reuse build/) and a fresh
// database on the machine's PostgreSQL, dropped afterwards. Exit code 1 on any
// failure. Flags: --learners (default 200), --seconds of play (default 24).
import { parseArgs } from 'node:util';
import type postgres from 'postgres';
import {
	buildApp,
	createBenchDb,
	request,
	seedLearners,
	seedLesson,
	startServer,
	stopServer,
	type Learner
} from './progress-harness.ts';

const { values } = parseArgs({
	options: {
		learners: { type: 'string', default: '200' },
		seconds: { type: 'string', default: '24' },
		'no-build': { type: 'boolean', default: false },
		tcp: { type: 'boolean', default: false }
	}
});
const LEARNERS = Math.min(5000, Math.max(1, Number(values.learners)));
const SECONDS = Math.min(300, Math.max(10, Number(values.seconds)));
const PORT = 4207;
const DURATION = 3600;

interface Pending {
	seq: number;
	intervals: [number, number][];
	position: number;
}

class Client {
	seq = 0;
	pos = 0;
	last = Date.now();
	queue: Pending[] = [];
	played = new Uint8Array(DURATION);
	acked: number[] = [];
	refused: string[] = [];
	sending = false;
	constructor(
		readonly cookie: string,
		readonly playbackId: string
	) {}

	/** The video keeps playing (from its buffer) whether or not the server is up. */
	tick() {
		const now = Date.now();
		const watched = (now - this.last) / 1000;
		const iv: [number, number] = [this.pos, Math.min(DURATION, this.pos + watched)];
		this.played.fill(1, Math.round(iv[0]), Math.round(iv[1]));
		this.pos = iv[1];
		this.last = now;
		this.queue.push({ seq: ++this.seq, intervals: [iv], position: this.pos });
	}

	/** Sends the queue in order; stops at the first failure (retried next time). */
	async flush() {
		if (this.sending) return;
		this.sending = true;
		try {
			while (this.queue.length) {
				const hb = this.queue[0];
				const body = JSON.stringify({ ...hb, rate: 1, event: 'tick', sentAt: Date.now() });
				let status = 0;
				let text = '';
				try {
					({ status, body: text } = await request(
						PORT,
						'POST',
						`/api/playbacks/${this.playbackId}/heartbeats`,
						body,
						this.cookie,
						5000
					));
				} catch {
					return; // server down: keep the queue
				}
				if (status === 200) {
					this.acked.push(hb.seq);
					this.queue.shift();
				} else if (status >= 500) return;
				else {
					this.refused.push(`${status} ${text.slice(0, 100)}`);
					this.queue.shift();
				}
			}
		} finally {
			this.sending = false;
		}
	}
}

/** Bad input over real HTTP: a clear 4xx in the UI language and nothing written. */
async function apiChecks(
	sql: postgres.Sql,
	learners: Learner[],
	lessonId: number
): Promise<boolean> {
	const [a, b] = learners;
	const post = (path: string, body: string, cookie?: string) =>
		request(PORT, 'POST', path, body, cookie);
	const start = async (l: Learner, device: string) =>
		JSON.parse(
			(await post('/api/playbacks', JSON.stringify({ lessonId, deviceId: device }), l.cookie)).body
		).playbackId as string;
	const [course] =
		await sql`insert into courses (title, category) values ('草稿课程', 'theory') returning id`;
	const [draft] =
		await sql`insert into lessons (course_id, position, title, duration_seconds) values (${course.id}, 0, '草稿', 60) returning id`;
	const pid = await start(a, 'phone');
	const hb = (seq: number, extra: object = {}) =>
		JSON.stringify({
			seq,
			intervals: [[0, 1]],
			position: 1,
			rate: 1,
			event: 'tick',
			sentAt: 0,
			...extra
		});
	const checks: [string, Promise<{ status: number; body: string }>, number, string?][] = [
		['signed out', post(`/api/playbacks/${pid}/heartbeats`, hb(1)), 401],
		[
			'malformed JSON',
			post(`/api/playbacks/${pid}/heartbeats`, '{"seq":', a.cookie),
			400,
			'malformed_json'
		],
		[
			'body > 16 KB',
			post(`/api/playbacks/${pid}/heartbeats`, hb(1, { pad: 'x'.repeat(20_000) }), a.cookie),
			413,
			'too_large'
		],
		[
			'negative rate',
			post(`/api/playbacks/${pid}/heartbeats`, hb(1, { rate: -1 }), a.cookie),
			400,
			'bad_rate'
		],
		[
			'absurd rate',
			post(`/api/playbacks/${pid}/heartbeats`, hb(1, { rate: 1e9 }), a.cookie),
			400,
			'bad_rate'
		],
		[
			'beyond the duration',
			post(`/api/playbacks/${pid}/heartbeats`, hb(1, { intervals: [[0, 99_999]] }), a.cookie),
			400,
			'interval_out_of_range'
		],
		[
			'someone else’s playback',
			post(`/api/playbacks/${pid}/heartbeats`, hb(1), b.cookie),
			404,
			'not_found'
		],
		[
			'lesson not visible',
			post('/api/playbacks', JSON.stringify({ lessonId: draft.id, deviceId: 'x' }), a.cookie),
			403,
			'forbidden'
		]
	];
	let ok = true;
	for (const [name, pending, status, code] of checks) {
		const res = await pending;
		const body = res.body.startsWith('{') ? JSON.parse(res.body) : {};
		const good =
			res.status === status &&
			(!code ||
				(body.error === code && typeof body.message === 'string' && body.message.length > 0));
		if (!good) console.error(`API check failed: ${name}: ${res.status} ${res.body.slice(0, 200)}`);
		ok &&= good;
	}
	// Supersession by a second device: 409 for the old playback, nothing written.
	await start(a, 'laptop');
	const late = await post(`/api/playbacks/${pid}/heartbeats`, hb(1), a.cookie);
	if (late.status !== 409 || JSON.parse(late.body).error !== 'superseded') {
		console.error(`API check failed: superseded: ${late.status} ${late.body}`);
		ok = false;
	}
	const [written] = await sql`select count(*)::int as n from heartbeats where playback_id = ${pid}`;
	if (written.n !== 0) {
		console.error(`API checks wrote ${written.n} heartbeats`);
		ok = false;
	}
	console.error(
		`API checks (bad input → 4xx, nothing written; second device → 409): ${ok ? 'ok' : 'FAILED'}`
	);
	return ok;
}

buildApp();
const bdb = await createBenchDb();
let server: Awaited<ReturnType<typeof startServer>> | undefined;
let failed = false;
try {
	const learners = await seedLearners(bdb.sql, LEARNERS);
	const lessonId = await seedLesson(bdb.sql, DURATION);
	server = await startServer(bdb.url, PORT);
	failed = !(await apiChecks(bdb.sql, learners, lessonId));
	const clients: Client[] = [];
	for (const l of learners) {
		const res = await request(
			PORT,
			'POST',
			'/api/playbacks',
			JSON.stringify({ lessonId, deviceId: `crash-${l.userId}` }),
			l.cookie
		);
		if (res.status !== 201) throw new Error(`start: ${res.status} ${res.body}`);
		clients.push(new Client(l.cookie, JSON.parse(res.body).playbackId));
	}
	const t0 = Date.now();
	const timer = setInterval(() => {
		for (const c of clients) {
			c.tick();
			void c.flush();
		}
	}, 1000);
	await new Promise((r) => setTimeout(r, (SECONDS / 3) * 1000));
	console.error(
		`kill -9 the server at ${((Date.now() - t0) / 1000).toFixed(1)} s (pid ${server.pid})`
	);
	server.kill('SIGKILL');
	await new Promise((r) => server!.once('exit', r));
	await new Promise((r) => setTimeout(r, 3000));
	server = await startServer(bdb.url, PORT);
	console.error(`restarted at ${((Date.now() - t0) / 1000).toFixed(1)} s`);
	await new Promise((r) => setTimeout(r, Math.max(0, SECONDS * 1000 - (Date.now() - t0))));
	clearInterval(timer);
	// Let every client deliver what it still holds.
	const deadline = Date.now() + 60_000;
	while (clients.some((c) => c.queue.length || c.sending) && Date.now() < deadline) {
		await Promise.all(clients.map((c) => c.flush()));
		await new Promise((r) => setTimeout(r, 200));
	}

	const pids = clients.flatMap((c) => c.acked.map(() => c.playbackId));
	const seqs = clients.flatMap((c) => c.acked);
	const [found] = await bdb.sql`
		select count(*)::int as n from heartbeats h
		join unnest(${pids}::uuid[], ${seqs}::int[]) as k (pid, seq) on h.playback_id = k.pid and h.seq = k.seq`;
	const rows = await bdb.sql`
		select p.id, lp.watched::text as bits from playbacks p
		left join lesson_progress lp on lp.user_id = p.user_id and lp.lesson_id = p.lesson_id`;
	const bits = new Map(rows.map((r) => [r.id as string, (r.bits as string | null) ?? '']));
	let coverageMismatches = 0;
	for (const c of clients) {
		const expected = Array.from(c.played, (b) => (b ? '1' : '0')).join('');
		if (bits.get(c.playbackId) !== expected) coverageMismatches++;
	}
	const refused = clients.flatMap((c) => c.refused);
	const unsent = clients.reduce((n, c) => n + c.queue.length, 0);
	const summary = {
		learners: LEARNERS,
		acked: seqs.length,
		rows_confirmed: found.n,
		unsent,
		refused: refused.length,
		coverage_mismatches: coverageMismatches,
		seconds_played_per_learner: Math.round(clients[0].pos)
	};
	if (refused.length) console.error('refused:', refused.slice(0, 5));
	failed ||= found.n !== seqs.length || unsent > 0 || refused.length > 0 || coverageMismatches > 0;
	console.log(JSON.stringify({ ...summary, ok: !failed }));
} finally {
	if (server) await stopServer(server);
	await bdb.drop();
}
process.exit(failed ? 1 : 0);
