// A cluster on this machine, as docs/deploy.md runs one: nginx (nginx.ts) on
// a loopback port in front of web instances (`node server/index.js`, the
// production build), on one fresh PostgreSQL database (dropped at the end)
// and the machine's Redis (a stream name of the run's own, so sessions on the
// same Redis do not collide). Used by tests/cluster/*.test.ts and
// bench/cluster.ts.
//
// The jobs process is `npm run worker` (scripts/worker.ts, XUEFAN_ROLE=worker;
// its /healthz on XUEFAN_METRICS_PORT tells it is up); the web instances run
// with XUEFAN_ROLE=web, so no job runs on them.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { clientOptions } from '../../src/lib/server/db/index.ts';
import { migrate } from '../../src/lib/server/db/migrate.ts';
import { startNginx, waitForPort, type Nginx } from './nginx.ts';

export const BASE_DB = process.env.DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/test';
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface Instance {
	name: string;
	port: number;
	child: ChildProcess;
	/** kill -9, resolved when the process is gone. */
	kill9(): Promise<void>;
	/** Starts it again on the same port (after kill9 or stop). */
	restart(): Promise<void>;
	/** A graceful stop (SIGTERM, as systemd's): resolves with the exit code once the process is gone. */
	sigterm(): Promise<number | null>;
	stop(): Promise<void>;
}

export interface Cluster {
	/** nginx's URL: http://127.0.0.1:<port> */
	url: string;
	port: number;
	dbUrl: string;
	/** the environment every instance got (e.g. XUEFAN_MEDIA_SECRET, to sign URLs in tests) */
	env: Record<string, string>;
	sql: postgres.Sql;
	mediaDir: string;
	web: Instance[];
	jobs?: Instance;
	nginx: Nginx;
	stop(): Promise<void>;
}

export interface ClusterOptions {
	/** nginx's port; web instance i listens on port + 1 + i. Default XUEFAN_CLUSTER_PORT or 4360. */
	port?: number;
	webInstances?: number;
	/** nginx's upstreams: the first n web instances (default all), e.g. 1 to measure one instance. */
	upstreams?: number;
	/** a separate jobs process on port + 1 + webInstances (see the note above). */
	jobs?: boolean;
	env?: Record<string, string>;
	nginxWorkers?: number;
	extraServer?: string;
}

function startProcess(
	name: string,
	port: number,
	env: Record<string, string>,
	log: string,
	argv = ['server/index.js']
): Instance {
	const inst = { name, port } as Instance;
	const spawnIt = () => {
		const out = openSync(log, 'a');
		inst.child = spawn(process.execPath, argv, {
			env: { ...process.env, ...env, PORT: String(port) },
			stdio: ['ignore', out, out]
		});
	};
	const gone = () => !inst.child || inst.child.exitCode !== null || inst.child.signalCode !== null;
	const ready = async () => {
		await Promise.race([
			waitForPort(port, 60_000),
			new Promise((_, reject) =>
				inst.child.once('exit', (c) =>
					reject(new Error(`${name} exited (${c}): ${readFileSync(log, 'utf8').slice(-1500)}`))
				)
			)
		]);
	};
	inst.kill9 = async () => {
		if (gone()) return;
		const exited = new Promise((r) => inst.child.once('exit', r));
		inst.child.kill('SIGKILL');
		await exited;
	};
	inst.sigterm = async () => {
		if (gone()) return inst.child.exitCode;
		const exited = new Promise<number | null>((r) => inst.child.once('exit', (code) => r(code)));
		inst.child.kill('SIGTERM');
		return exited;
	};
	inst.stop = async () => {
		if (gone()) return;
		const exited = new Promise((r) => inst.child.once('exit', r));
		inst.child.kill('SIGTERM');
		await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
		await inst.kill9();
	};
	inst.restart = async () => {
		await inst.kill9();
		spawnIt();
		await ready();
	};
	(inst as Instance & { ready: () => Promise<void> }).ready = () => (spawnIt(), ready());
	return inst;
}

export async function startCluster(o: ClusterOptions = {}): Promise<Cluster> {
	const build = process.env.XUEFAN_BUILD_DIR ?? 'build';
	if (!existsSync(path.join(build, 'handler.js')))
		throw new Error(`no production build in ${build}/: run npm run build first`);
	const port = o.port ?? Number(process.env.XUEFAN_CLUSTER_PORT ?? 4360);
	const n = o.webInstances ?? 2;
	const run = randomBytes(4).toString('hex');
	const dir = mkdtempSync(path.join(tmpdir(), 'xuefan-cluster-'));
	const mediaDir = path.join(dir, 'media');
	mkdirSync(mediaDir);

	const dbName = `${new URL(BASE_DB).pathname.slice(1) || 'xuefan'}_cl_${run}`;
	const admin = postgres(BASE_DB, { max: 1, onnotice: () => {} });
	await admin.unsafe(`create database ${dbName}`);
	const dbUrl = BASE_DB.replace(/\/[^/?]*(\?|$)/, `/${dbName}$1`);
	const sql = postgres(dbUrl, { ...clientOptions, max: 4 });
	await migrate(sql);

	const url = `http://127.0.0.1:${port}`;
	const env: Record<string, string> = {
		DATABASE_URL: dbUrl,
		HOST: '127.0.0.1',
		XUEFAN_NO_SEED: '1',
		XUEFAN_MEDIA_DIR: mediaDir,
		XUEFAN_DATA_DIR: path.join(dir, 'data'),
		XUEFAN_MEDIA_SECRET: `cluster-secret-${run}-${randomBytes(8).toString('hex')}`,
		REDIS_URL,
		REDIS_STREAM: `xuefan-cluster:${run}`,
		ORIGIN: url,
		// nginx appends the client's address to X-Forwarded-For: the last entry is the client.
		ADDRESS_HEADER: 'x-forwarded-for',
		XFF_DEPTH: '1',
		...o.env
	};
	const logDir = path.join(dir, 'logs');
	mkdirSync(logDir);
	const names = 'ABCDEFGH';
	const web = Array.from({ length: n }, (_, i) =>
		startProcess(
			names[i],
			port + 1 + i,
			{ ...env, XUEFAN_ROLE: 'web' },
			`${logDir}/${names[i]}.log`
		)
	);
	const jobs = o.jobs
		? startProcess(
				'jobs',
				port + 1 + n,
				{ ...env, XUEFAN_ROLE: 'worker', XUEFAN_METRICS_PORT: String(port + 1 + n) },
				`${logDir}/jobs.log`,
				['--import', 'tsx', 'scripts/worker.ts']
			)
		: undefined;
	const all = [...web, ...(jobs ? [jobs] : [])];
	let nginx: Nginx | undefined;
	const stop = async () => {
		await nginx?.stop();
		await Promise.all(all.map((i) => i.stop()));
		await sql.end({ timeout: 5 });
		await admin.unsafe(`drop database if exists ${dbName} with (force)`);
		await admin.end();
		const { createClient } = await import('redis');
		const r = createClient({ url: REDIS_URL });
		await r.connect();
		await r.del(env.REDIS_STREAM);
		await r.close();
		if (!process.env.XUEFAN_KEEP_CLUSTER) rmSync(dir, { recursive: true, force: true });
		else console.error(`cluster logs kept in ${logDir}`);
	};
	try {
		// The first instance alone, then the rest: on a fresh database two pg-boss
		// starts at once deadlock creating their queues (seen here; see docs/deploy.md).
		const ready = (i: Instance) => (i as Instance & { ready: () => Promise<void> }).ready();
		await ready(all[0]);
		await Promise.all(all.slice(1).map(ready));
		nginx = await startNginx({
			port,
			upstreams: web.slice(0, o.upstreams ?? n).map((i) => `127.0.0.1:${i.port}`),
			mediaDir,
			workers: o.nginxWorkers,
			extraServer: o.extraServer
		});
	} catch (e) {
		await stop().catch(() => {});
		throw e;
	}
	return { url, port, dbUrl, env, sql, mediaDir, web, jobs, nginx, stop };
}
