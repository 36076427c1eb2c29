// /healthz: the process is up (answers while it runs at all).
// /readyz: it can do its work — the database answers, Redis answers (when
// REDIS_URL is set), every migration in migrations/ has run, and the job
// queue's own pool reaches PostgreSQL; and it is not shutting down. Each
// check has a short timeout, so a dead PostgreSQL makes /readyz 503 within
// ~2 s rather than hanging the load balancer's probe.
import { readdir } from 'node:fs/promises';
import type postgres from 'postgres';
import { config } from '../config.js';

export type CheckResult = 'ok' | string;
export interface Readiness {
	ready: boolean;
	checks: Record<string, CheckResult>;
}

const TIMEOUT_MS = 2000;

interface HealthSources {
	sql?: () => postgres.Sql;
	/** the job queue's pool (pg-boss keeps its own) */
	jobs?: () => Promise<unknown>;
}

const holder = globalThis as {
	__xuefanHealth?: HealthSources;
	__xuefanDraining?: boolean;
	__xuefanRedisPing?: { url: string; ping: () => Promise<unknown> };
	__xuefanMigrationFiles?: Promise<string[]>;
};

/** Called at start with what this process runs. */
export function registerHealth(sources: HealthSources) {
	holder.__xuefanHealth = { ...holder.__xuefanHealth, ...sources };
}

/** From the first SIGTERM on, /readyz answers 503: the balancer stops sending new work. */
export function markDraining() {
	holder.__xuefanDraining = true;
}
export const draining = () => !!holder.__xuefanDraining;

function within<T>(p: Promise<T>, what: string): Promise<T> {
	let timer: ReturnType<typeof setTimeout>;
	return Promise.race([
		p,
		new Promise<never>((_, reject) => {
			timer = setTimeout(
				() => reject(new Error(`${what}: no answer in ${TIMEOUT_MS} ms`)),
				TIMEOUT_MS
			);
		})
	]).finally(() => clearTimeout(timer));
}

async function check(name: string, run: () => Promise<unknown>): Promise<[string, CheckResult]> {
	try {
		const r = await within(run(), name);
		return [name, typeof r === 'string' && r !== 'ok' ? r : 'ok'];
	} catch (e) {
		return [name, (e as Error).message || String(e)];
	}
}

async function redisPing(url: string) {
	if (holder.__xuefanRedisPing?.url !== url) {
		const { createClient } = await import('redis');
		const c = createClient({
			url,
			socket: {
				connectTimeout: TIMEOUT_MS,
				reconnectStrategy: (n: number) => Math.min(n * 200, 2000)
			}
		});
		c.on('error', () => {}); // reported by the check, not thrown at the process
		const connecting = c.connect();
		holder.__xuefanRedisPing = { url, ping: async () => (await connecting, c.ping()) };
	}
	return holder.__xuefanRedisPing.ping();
}

async function migrationsCurrent(sql: postgres.Sql): Promise<CheckResult> {
	holder.__xuefanMigrationFiles ??= readdir(config().migrationsDir).then((fs) =>
		fs.filter((f) => /^\d{4}_.+\.sql$/.test(f))
	);
	const files = await holder.__xuefanMigrationFiles;
	const rows = await sql<{ name: string }[]>`select name from schema_migrations`;
	const done = new Set(rows.map((r) => r.name));
	const missing = files.filter((f) => !done.has(f));
	return missing.length ? `not applied: ${missing.join(', ')}` : 'ok';
}

export async function readiness(): Promise<Readiness> {
	const sources = holder.__xuefanHealth ?? {};
	const { redisUrl } = config();
	const checks: Promise<[string, CheckResult]>[] = [];
	if (sources.sql) {
		const sql = sources.sql();
		checks.push(check('database', () => sql`select 1`));
		checks.push(check('migrations', () => migrationsCurrent(sql)));
	} else checks.push(Promise.resolve(['database', 'not started']));
	if (sources.jobs) checks.push(check('jobs', sources.jobs));
	// PING answers 'PONG': a string result other than 'ok' is a check's failure text, so map it.
	if (redisUrl)
		checks.push(
			check('redis', async () => {
				const pong = await redisPing(redisUrl);
				return pong === 'PONG' ? 'ok' : `unexpected answer to PING: ${String(pong)}`;
			})
		);
	const out = Object.fromEntries(await Promise.all(checks));
	if (draining()) out.process = 'shutting down';
	return { ready: Object.values(out).every((v) => v === 'ok'), checks: out };
}
