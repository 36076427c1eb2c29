// Worker liveness for pg-boss jobs. pg-boss 10 gives a job to one worker
// (SKIP LOCKED), but a worker killed mid-job leaves it `active` until its
// expiry (6 h for a transcode). So each worker process registers in
// job_workers and touches its row every few seconds, and records the jobs it
// runs in job_leases; any worker fails the jobs of a worker not seen for
// `leaseSeconds` into a retry, which another worker then takes.
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type PgBoss from 'pg-boss';
import type postgres from 'postgres';
import { log } from '../ops/log.js';
import { metrics } from '../ops/metrics.ts';

export interface Leases {
	workerId: string;
	/** Wraps a pg-boss work handler: its jobs are leased while they run. */
	wrap<T>(queue: string, handler: PgBoss.WorkHandler<T>): PgBoss.WorkHandler<T>;
	/** Fails the jobs of workers not seen for leaseSeconds; returns them. */
	sweep(): Promise<{ id: string; queue: string; assetId: string | null }[]>;
	/** Jobs running in this process now (shutdown waits for them, then releases). */
	running(): number;
	stop(): Promise<void>;
}

export interface LeaseOptions {
	sql: postgres.Sql;
	boss: PgBoss;
	schema: string;
	role: string;
	leaseSeconds: number;
	/** Called with the jobs a sweep failed into a retry. */
	onRecovered?: (jobs: { id: string; queue: string; assetId: string | null }[]) => Promise<void>;
}

export async function startLeases(o: LeaseOptions): Promise<Leases> {
	const { sql, boss } = o;
	const workerId = randomUUID();
	await sql`insert into job_workers (id, role, host, pid) values (${workerId}, ${o.role}, ${hostname()}, ${process.pid})`;
	let inFlight = 0;
	let stopped = false;

	const sweep = async () => {
		// One sweeper gets each dead lease (delete … returning is atomic per row).
		const dead = await sql<{ id: string; queue: string; assetId: string | null }[]>`
			with gone as (
				delete from job_leases l using job_workers w
				where l.worker_id = w.id and w.id <> ${workerId}
					and w.seen_at < now() - make_interval(secs => ${o.leaseSeconds})
				returning l.job_id, l.queue
			)
			select g.job_id as id, g.queue, j.data->>'assetId' as "assetId"
			from gone g join ${sql(o.schema)}.job j on j.id = g.job_id and j.state = 'active'`;
		await sql`
			delete from job_workers w where w.seen_at < now() - make_interval(secs => ${o.leaseSeconds * 4})
				and not exists (select 1 from job_leases l where l.worker_id = w.id)`;
		for (const queue of new Set(dead.map((d) => d.queue)))
			await boss.fail(
				queue,
				dead.filter((d) => d.queue === queue).map((d) => d.id)
			);
		if (dead.length) await o.onRecovered?.(dead);
		return dead;
	};

	const tick = async () => {
		await sql`update job_workers set seen_at = now() where id = ${workerId}`;
		await sweep();
	};
	const every = Math.max(500, (o.leaseSeconds * 1000) / 3);
	const timer = setInterval(() => {
		if (!stopped) tick().catch((e) => console.error('jobs: lease tick', e.message ?? e));
	}, every);
	timer.unref();

	return {
		workerId,
		sweep,
		running: () => inFlight,
		wrap<T>(queue: string, handler: PgBoss.WorkHandler<T>): PgBoss.WorkHandler<T> {
			return async (jobs) => {
				const ids = jobs.map((j) => j.id);
				inFlight += ids.length;
				let outcome = 'failed';
				try {
					await sql`
						insert into job_leases (job_id, queue, worker_id)
						select unnest(${ids}::uuid[]), ${queue}, ${workerId}
						on conflict (job_id) do update set worker_id = excluded.worker_id, taken_at = now()`;
					log().info({ queue, jobIds: ids, workerId }, 'job started');
					const out = await handler(jobs);
					outcome = 'completed';
					return out;
				} finally {
					metrics().jobRuns.inc({ queue, outcome }, ids.length);
					log().info({ queue, jobIds: ids, outcome }, 'job finished');
					inFlight -= ids.length;
					await sql`delete from job_leases where job_id = any(${ids}::uuid[])`.catch(() => {});
				}
			};
		},
		async stop() {
			stopped = true;
			clearInterval(timer);
			// Released, not lost: what is still ours goes back to the queue at once.
			await sql`delete from job_workers where id = ${workerId}`.catch(() => {});
		}
	};
}

/**
 * A session advisory lock on a connection of its own, held until the returned
 * function is called: two workers starting together create pg-boss queues
 * and schedules one after the other (at the same time they deadlock).
 */
export async function holdLock(sql: postgres.Sql, key: string): Promise<() => Promise<void>> {
	const conn = await sql.reserve();
	await conn`select pg_advisory_lock(hashtext(${key}))`;
	return async () => {
		await conn`select pg_advisory_unlock(hashtext(${key}))`.catch(() => {});
		conn.release();
	};
}

/**
 * The pg-boss instance the domains register on: in a worker, `work` leases its
 * jobs; in a web process (`runsJobs` false), `work` registers nothing, so it
 * only sends jobs and creates queues and schedules.
 */
export function registrar(boss: PgBoss, leases: Leases | null): PgBoss {
	return new Proxy(boss, {
		get(target, prop) {
			if (prop === 'work') {
				if (!leases) return async () => '';
				return (name: string, ...rest: unknown[]) => {
					const handler = rest.pop() as PgBoss.WorkHandler<unknown>;
					return (target.work as (...a: unknown[]) => Promise<string>)(
						name,
						...rest,
						leases.wrap(name, handler)
					);
				};
			}
			const v = Reflect.get(target, prop, target);
			return typeof v === 'function' ? v.bind(target) : v;
		}
	});
}
