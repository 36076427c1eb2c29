// Shared parts of the progress benchmark and crash test: a throw-away
// database on the machine's PostgreSQL, learners with sessions, a published
// course, the production server (node server/index.js) as a child process,
// and a keep-alive HTTP client. Only 127.0.0.1.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import http from 'node:http';
import postgres from 'postgres';
import { clientOptions } from '../src/lib/server/db/index.ts';
import { migrate } from '../src/lib/server/db/migrate.ts';
import * as sessions from '../src/lib/server/auth/sessions.ts';

export const BASE_URL = process.env.XUEFAN_BENCH_PG ?? 'postgres://root@127.0.0.1:5432/test';

export interface BenchDb {
	name: string;
	url: string;
	sql: postgres.Sql;
	drop(): Promise<void>;
}

/** A fresh database xuefan_bench_<rand> with every migration applied. */
export async function createBenchDb(): Promise<BenchDb> {
	const name = `xuefan_bench_${randomBytes(4).toString('hex')}`;
	const admin = postgres(BASE_URL, { max: 1, onnotice: () => {} });
	await admin.unsafe(`create database ${name}`);
	const url = BASE_URL.replace(/\/[^/]*$/, `/${name}`);
	const sql = postgres(url, { ...clientOptions, max: 4 });
	await migrate(sql);
	return {
		name,
		url,
		sql,
		async drop() {
			await sql.end({ timeout: 5 });
			await admin.unsafe(`drop database if exists ${name} with (force)`);
			await admin.end();
		}
	};
}

export interface Learner {
	userId: number;
	cookie: string;
}

/**
 * `n` learners in one unit, each with its own session. Sessions are created
 * through the sessions module directly (the same rows a login writes) to skip
 * n Argon2id verifications, which would measure the password hash, not progress.
 */
export async function seedLearners(sql: postgres.Sql, n: number): Promise<Learner[]> {
	const [unit] =
		await sql`insert into org_units (name, kind) values ('压测县', 'county') returning id`;
	await sql`insert into org_closure (ancestor_id, descendant_id, depth) values (${unit.id}, ${unit.id}, 0)`;
	const nos = Array.from({ length: n }, (_, i) => `B${String(i + 1).padStart(6, '0')}`);
	const users = await sql`
		insert into users (employee_no, name, unit_id, rank_level, must_change_password)
		select no, '学员' || no, ${unit.id}, 'general', false from unnest(${nos}::text[]) as no
		returning id`;
	const out: Learner[] = [];
	for (const u of users)
		out.push({ userId: u.id, cookie: `${sessions.COOKIE}=${await sessions.create(sql, u.id)}` });
	return out;
}

/** A published course with one ready lesson of `duration` seconds. */
export async function seedLesson(sql: postgres.Sql, duration: number): Promise<number> {
	const [c] =
		await sql`insert into courses (title, category, status, published_at) values ('压测课程', 'theory', 'published', now()) returning id`;
	const [m] =
		await sql`insert into media_assets (status, duration_seconds) values ('ready', ${duration}) returning id`;
	const [l] = await sql`
		insert into lessons (course_id, position, title, media_id, duration_seconds)
		values (${c.id}, 0, '第一讲', ${m.id}, ${duration}) returning id`;
	return l.id;
}

export function buildApp() {
	// XUEFAN_BUILD_DIR: a build of one's own (the server entry reads it too)
	if (
		process.argv.includes('--no-build') &&
		existsSync(`${process.env.XUEFAN_BUILD_DIR ?? 'build'}/handler.js`)
	)
		return;
	console.error('building the production app (npm run build)…');
	const r = spawnSync('npm', ['run', 'build'], { stdio: ['ignore', 'ignore', 'inherit'] });
	if (r.status !== 0) throw new Error('npm run build failed');
}

/**
 * How the server reaches the database: over PostgreSQL's unix socket when the
 * database is this machine's (as a one-box deployment would: loopback TCP costs
 * the app measurably more per query), else by the TCP URL. --tcp forces TCP.
 */
function dbEnv(dbUrl: string): Record<string, string> {
	const socketDir = process.env.XUEFAN_BENCH_PG_SOCKET ?? '/var/run/postgresql';
	const u = new URL(dbUrl);
	const local = ['127.0.0.1', 'localhost'].includes(u.hostname) && (u.port || '5432') === '5432';
	if (process.argv.includes('--tcp') || !local || !existsSync(`${socketDir}/.s.PGSQL.5432`))
		return { DATABASE_URL: dbUrl };
	return {
		DATABASE_URL: `postgres://${u.pathname}`,
		PGHOST: socketDir,
		PGUSER: decodeURIComponent(u.username) || 'root'
	};
}

/** Starts `node server/index.js` on 127.0.0.1:port against the database; resolves when it answers. */
export async function startServer(
	dbUrl: string,
	port: number,
	log = 'data/bench-server.log'
): Promise<ChildProcess> {
	mkdirSync('data', { recursive: true }); // a fresh checkout has none
	const out = openSync(log, 'a');
	const child = spawn(
		process.execPath,
		[...(process.env.XUEFAN_BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean), 'server/index.js'],
		{
			env: {
				...process.env,
				...dbEnv(dbUrl),
				PORT: String(port),
				HOST: '127.0.0.1',
				XUEFAN_NO_SEED: '1',
				XUEFAN_HEARTBEAT_STATS: '1'
			},
			stdio: ['ignore', out, out]
		}
	);
	const deadline = Date.now() + 30_000;
	while (Date.now() < deadline) {
		if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}); see ${log}`);
		try {
			const res = await request(port, 'GET', '/login', '', undefined, 2000);
			if (res.status < 500) return child;
		} catch {
			/* not yet */
		}
		await new Promise((r) => setTimeout(r, 200));
	}
	child.kill('SIGKILL');
	throw new Error(`server did not start; see ${log}`);
}

export async function stopServer(child: ChildProcess) {
	if (child.exitCode !== null) return;
	const exited = new Promise((r) => child.once('exit', r));
	child.kill('SIGTERM');
	await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
	if (child.exitCode === null) child.kill('SIGKILL');
}

export const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

export interface Reply {
	status: number;
	body: string;
}

/** One request on the keep-alive agent (127.0.0.1 only). */
export function request(
	port: number,
	method: string,
	path: string,
	body: string,
	cookie?: string,
	timeoutMs = 30_000
): Promise<Reply> {
	return new Promise((resolve, reject) => {
		const req = http.request(
			{
				host: '127.0.0.1',
				port,
				method,
				path,
				agent,
				timeout: timeoutMs,
				headers: {
					...(body
						? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }
						: {}),
					...(cookie ? { cookie } : {})
				}
			},
			(res) => {
				const chunks: Buffer[] = [];
				res.on('data', (c) => chunks.push(c));
				res.on('end', () =>
					resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') })
				);
				res.on('error', reject);
			}
		);
		req.on('timeout', () => req.destroy(new Error('timeout')));
		req.on('error', reject);
		req.end(body || undefined);
	});
}

export function percentile(sorted: Float64Array, p: number): number {
	if (!sorted.length) return 0;
	return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** CPU time (user + system, ms) a process has used so far, from /proc (Linux; clock ticks of 10 ms). */
export function cpuMs(pid: number): number {
	const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
	// Fields after the command name (which may hold spaces) in parentheses: utime is the 14th, stime the 15th.
	const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	const tick = 1000 / 100; // CLK_TCK is 100 on Linux
	return (Number(f[11]) + Number(f[12])) * tick;
}
