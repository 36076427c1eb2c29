// npm run bench:quiz — quiz submission under a deadline rush, against the
// production build on real PostgreSQL.
// 1. builds the app into XUEFAN_BUILD_DIR (default build/; skip with --no-build
//    when it is current), creates a fresh database xuefan_bench_<rand>
//    (XUEFAN_BENCH_PG, default postgres://root@127.0.0.1:5432/test) with
//    --learners learners (default 5,000), each with a session made directly in
//    the DB (the sessions module, no Argon2: see progress-harness.ts), a course
//    with a 40-question bank and a published random-draw quiz of 20 questions
//    (10 single, 5 multiple, 5 true/false; 30 min; 3 attempts);
// 2. starts `node server/index.js` on 127.0.0.1:4208; beforehand every learner
//    starts an attempt through the learner page's form action (paper drawn and
//    frozen on the server);
// 3. the rush: the learners' submits arrive evenly spread over --spread seconds
//    (default 50, so all within 60 s), each one sent 3 times at once with the
//    same Idempotency-Key (a double click plus a retry), every request with all
//    20 final answers (read from the paper: about 70% right);
// 4. checks: every learner's 3 replies agree; graded attempt rows = learners;
//    `duplicates` = graded rows beyond one per learner + learners whose
//    acknowledged replies disagree (two gradings). A request on a keep-alive
//    socket the server was closing (ECONNRESET) is retried once with the same
//    key, as a real client does. Then stops the server and drops the database.
// Last line: {"submissions":…,"p50_ms":…,"p99_ms":…,"errors_5xx":…,"attempt_rows":…,"duplicates":…}
import { existsSync } from 'node:fs';
import http from 'node:http';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import type postgres from 'postgres';
import {
	buildApp,
	createBenchDb,
	percentile,
	seedLearners,
	startServer,
	stopServer,
	type Learner
} from './progress-harness.ts';

const { values } = parseArgs({
	options: {
		learners: { type: 'string', default: '5000' },
		spread: { type: 'string', default: '50' },
		replays: { type: 'string', default: '3' },
		'no-build': { type: 'boolean', default: false },
		tcp: { type: 'boolean', default: false }
	}
});
const LEARNERS = Math.min(50_000, Math.max(1, Number(values.learners)));
const SPREAD_S = Math.min(600, Math.max(1, Number(values.spread)));
const COPIES = Math.min(10, Math.max(1, Number(values.replays)));
const PORT = 4208;
const agent = new http.Agent({ keepAlive: true, maxSockets: 512 });

interface Reply {
	status: number;
	body: string;
	headers: http.IncomingHttpHeaders;
}

function send(
	method: string,
	path: string,
	body: string,
	headers: Record<string, string>
): Promise<Reply> {
	return new Promise((resolve, reject) => {
		const req = http.request(
			{
				host: '127.0.0.1',
				port: PORT,
				method,
				path,
				agent,
				timeout: 30_000,
				headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) }
			},
			(res) => {
				const chunks: Buffer[] = [];
				res.on('data', (c) => chunks.push(c));
				res.on('end', () =>
					resolve({
						status: res.statusCode ?? 0,
						body: Buffer.concat(chunks).toString('utf8'),
						headers: res.headers
					})
				);
				res.on('error', reject);
			}
		);
		req.on('timeout', () => req.destroy(new Error('timeout')));
		req.on('error', reject);
		req.end(body);
	});
}

async function seedQuiz(sql: postgres.Sql): Promise<{ courseId: number; quizId: number }> {
	const [unit] = await sql`select id from org_units order by id limit 1`;
	const [lecturer] = await sql`
		insert into users (employee_no, name, unit_id, rank_level, roles, must_change_password)
		values ('BL0001', '压测讲师', ${unit.id}, 'general', ${['learner', 'lecturer']}, false) returning id`;
	const [c] =
		await sql`insert into courses (title, category, status, published_at) values ('压测测验课程', 'theory', 'published', now()) returning id`;
	await sql`insert into course_lecturers (course_id, user_id) values (${c.id}, ${lecturer.id})`;
	for (let i = 0; i < 20; i++) {
		await sql`insert into questions (course_id, kind, stem, options, answer, explanation) values (${c.id}, 'single', ${`单选题 ${i + 1}：下列说法正确的是哪一项？`}, ${['选项甲', '选项乙', '选项丙', '选项丁']}, ${[i % 4]}, ${'解析'})`;
	}
	for (let i = 0; i < 10; i++) {
		await sql`insert into questions (course_id, kind, stem, options, answer, explanation) values (${c.id}, 'multiple', ${`多选题 ${i + 1}：以下哪些做法符合要求？`}, ${['做法一', '做法二', '做法三', '做法四', '做法五']}, ${[0, 2, 4]}, ${'解析'})`;
		await sql`insert into questions (course_id, kind, stem, options, answer, explanation) values (${c.id}, 'truefalse', ${`判断题 ${i + 1}：该表述是否正确？`}, ${['正确', '错误']}, ${[i % 2]}, ${'解析'})`;
	}
	const [q] = await sql`
		insert into quizzes (course_id, title, mode, time_limit_seconds, max_attempts, pass_percent, results_policy, status, created_by)
		values (${c.id}, '压测测验', 'random', 1800, 3, 60, 'after_submit', 'published', ${lecturer.id}) returning id`;
	await sql`insert into quiz_draw_rules (quiz_id, kind, count, points) values (${q.id}, 'single', 10, 5), (${q.id}, 'multiple', 5, 5), (${q.id}, 'truefalse', 5, 5)`;
	return { courseId: c.id, quizId: q.id };
}

interface Taker extends Learner {
	attemptId: number;
	body: string;
	key: string;
}

/** Every learner starts an attempt through the intro page's form action (303 → the attempt page). */
async function startAll(
	learners: Learner[],
	courseId: number,
	quizId: number
): Promise<Map<number, number>> {
	const attempts = new Map<number, number>();
	const queue = [...learners];
	const origin = `http://127.0.0.1:${PORT}`;
	await Promise.all(
		Array.from({ length: 32 }, async () => {
			for (let l = queue.shift(); l; l = queue.shift()) {
				const res = await send('POST', `/courses/${courseId}/quizzes/${quizId}?/start`, '', {
					cookie: l.cookie,
					origin,
					accept: 'text/html',
					'content-type': 'application/x-www-form-urlencoded'
				});
				const location = String(res.headers.location ?? '');
				const m = /\/attempt\/(\d+)$/.exec(location);
				if (res.status !== 303 || !m)
					throw new Error(`start: ${res.status} ${location} ${res.body.slice(0, 200)}`);
				attempts.set(l.userId, Number(m[1]));
			}
		})
	);
	return attempts;
}

async function takers(
	sql: postgres.Sql,
	learners: Learner[],
	attempts: Map<number, number>
): Promise<Taker[]> {
	const rows =
		await sql`select id, user_id, paper from quiz_attempts where id = any(${[...attempts.values()]}::bigint[])`;
	const byUser = new Map(rows.map((r) => [r.user_id as number, r]));
	return learners.map((l, i) => {
		const r = byUser.get(l.userId)!;
		// About 70% right: a learner's i-th question is wrong when (i + q) % 10 < 3.
		const answers = Object.fromEntries(
			(r.paper as { questionId: number; answer: number[]; texts: string[] }[]).map((p, q) => {
				const wrong = (i + q) % 10 < 3;
				return [String(p.questionId), wrong ? [(p.answer[0] + 1) % p.texts.length] : p.answer];
			})
		);
		return {
			...l,
			attemptId: Number(r.id),
			body: JSON.stringify({ answers }),
			key: `bench-${l.userId}-${Math.random().toString(36).slice(2, 10)}`
		};
	});
}

buildApp();
const buildDir = process.env.XUEFAN_BUILD_DIR ?? 'build';
if (!existsSync(`${buildDir}/handler.js`))
	throw new Error(`${buildDir}/handler.js is missing: build first`);
const bdb = await createBenchDb();
let server: Awaited<ReturnType<typeof startServer>> | undefined;
try {
	console.error(`database ${bdb.name}: seeding ${LEARNERS} learners and a 20-question quiz…`);
	const learners = await seedLearners(bdb.sql, LEARNERS);
	const { courseId, quizId } = await seedQuiz(bdb.sql);
	server = await startServer(bdb.url, PORT, 'data/bench-quiz-server.log');
	console.error('server up; every learner starts an attempt…');
	const t0 = performance.now();
	const attempts = await startAll(learners, courseId, quizId);
	console.error(
		`${attempts.size} attempts started in ${((performance.now() - t0) / 1000).toFixed(1)} s`
	);
	const all = await takers(bdb.sql, learners, attempts);

	console.error(
		`rush: ${all.length} submits × ${COPIES} (same key, concurrent) spread over ${SPREAD_S} s…`
	);
	const latencies: number[] = [];
	let errors5xx = 0;
	const otherErrors = new Map<string, number>();
	const disagree: number[] = [];
	let failedReplies = 0;
	let acknowledged = 0;
	let retried = 0;
	const rushStart = performance.now();
	const gap = (SPREAD_S * 1000) / all.length;
	await Promise.all(
		all.map(async (tk, i) => {
			const at = rushStart + i * gap;
			const wait = at - performance.now();
			if (wait > 0) await new Promise((r) => setTimeout(r, wait));
			const replies = await Promise.all(
				Array.from({ length: COPIES }, async () => {
					const s = performance.now();
					const submit = () =>
						send('POST', `/api/attempts/${tk.attemptId}/submit`, tk.body, {
							cookie: tk.cookie,
							'content-type': 'application/json',
							'idempotency-key': tk.key
						});
					try {
						// A keep-alive socket the server closed as we reused it (ECONNRESET): the
						// client retries with the same key, as a real one does (the submit is idempotent).
						const res = await submit().catch((e: NodeJS.ErrnoException) => {
							if (e.code !== 'ECONNRESET' && e.code !== 'EPIPE') throw e;
							retried++;
							return submit();
						});
						latencies.push(performance.now() - s);
						if (res.status >= 500) errors5xx++;
						else if (res.status !== 200)
							otherErrors.set(
								`${res.status} ${res.body.slice(0, 100)}`,
								(otherErrors.get(`${res.status} ${res.body.slice(0, 100)}`) ?? 0) + 1
							);
						return res.status === 200
							? (JSON.parse(res.body) as { score: number; passed: boolean; attemptId: number })
							: null;
					} catch (e) {
						latencies.push(performance.now() - s);
						otherErrors.set(
							String((e as Error).message),
							(otherErrors.get(String((e as Error).message)) ?? 0) + 1
						);
						return null;
					}
				})
			);
			const ok = replies.filter((r) => r !== null);
			if (ok.length) acknowledged++;
			if (ok.length !== COPIES) failedReplies++;
			// Two acknowledged replies with different results would be two gradings.
			if (new Set(ok.map((r) => `${r!.attemptId}:${r!.score}:${r!.passed}`)).size > 1)
				disagree.push(tk.userId);
		})
	);
	const rushSeconds = (performance.now() - rushStart) / 1000;
	for (const [k, n] of otherErrors) console.error(`  ${n} × ${k}`);
	await stopServer(server);
	server = undefined;

	const [rows] = await bdb.sql`
		select count(*)::int as graded, count(distinct user_id)::int as people
		from quiz_attempts where quiz_id = ${quizId} and submitted_at is not null`;
	const [{ all: allRows }] =
		await bdb.sql`select count(*)::int as all from quiz_attempts where quiz_id = ${quizId}`;
	const sorted = Float64Array.from(latencies).sort();
	console.error(
		`${latencies.length} requests in ${rushSeconds.toFixed(1)} s (${retried} retried after a reset keep-alive socket); ${allRows} attempt rows (${rows.graded} graded, ${rows.people} people); ${failedReplies} learners with a failed reply, ${disagree.length} with disagreeing replies`
	);
	console.error(
		`machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}; client, server and PostgreSQL share it`
	);
	console.log(
		JSON.stringify({
			submissions: acknowledged,
			p50_ms: Number(percentile(sorted, 50).toFixed(1)),
			p99_ms: Number(percentile(sorted, 99).toFixed(1)),
			errors_5xx: errors5xx,
			attempt_rows: allRows,
			duplicates: rows.graded - rows.people + disagree.length
		})
	);
} finally {
	if (server) await stopServer(server);
	await bdb.drop();
}
