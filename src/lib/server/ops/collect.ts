// Gauges read at scrape time from PostgreSQL: job queue depths and failures
// (pg-boss's job table, shared by every process), and this process's use of
// its connection pool (its backends in pg_stat_activity, found by the
// application_name db/index.ts gives them).
import type postgres from 'postgres';
import { scrapedGauge } from './metrics.ts';

/** Jobs by queue and state (created, retry, active, failed, …) from the queue every process shares. */
export function watchJobs(sql: postgres.Sql, schema: string) {
	scrapedGauge(
		'xuefan_jobs',
		'pg-boss jobs by queue and state (created+retry: queue depth; failed: failures kept)',
		['queue', 'state'],
		async (g) => {
			// Every queue's depth and failures as a series, 0 when none (dashboards see a flat line, not a gap).
			const queues = await sql<{ name: string }[]>`select name from ${sql(schema)}.queue`;
			for (const q of queues)
				for (const state of ['created', 'retry', 'active', 'failed'])
					g.set({ queue: q.name, state }, 0);
			const rows = await sql<{ name: string; state: string; n: number }[]>`
				select name, state::text as state, count(*)::int as n from ${sql(schema)}.job
				group by name, state`;
			for (const r of rows) g.set({ queue: r.name, state: r.state }, r.n);
		}
	);
}

/** This process's PostgreSQL connections by state, and the pool's size. */
export function watchPool(sql: postgres.Sql, applicationName: string, max: number) {
	scrapedGauge(
		'xuefan_pg_pool_connections',
		"This process's PostgreSQL connections by state (active, idle, idle in transaction) and the pool maximum",
		['state'],
		async (g) => {
			g.set({ state: 'max' }, max);
			const rows = await sql<{ state: string | null; n: number }[]>`
				select state, count(*)::int as n from pg_stat_activity
				where application_name = ${applicationName} and pid <> pg_backend_pid()
				group by state`;
			// The scrape's own connection counts as active: the app was using it too.
			let active = 1;
			for (const r of rows) {
				if (r.state === 'active') active += r.n;
				else g.set({ state: r.state ?? 'unknown' }, r.n);
			}
			g.set({ state: 'active' }, active);
		}
	);
}
