// The durable job queue (pg-boss 10.4 on the app's PostgreSQL, with its own
// `pg` pool). Started from the kit init hook after migrations; stopped on
// shutdown. Queues: `transcode` { assetId }.
import PgBoss from 'pg-boss';
import type postgres from 'postgres';
import type { PgConnection } from '../db/index.ts';
import { markQueued, queuedAssetIds } from '../media/assets.ts';
import { removeStaleUploads } from '../media/storage.ts';
import { transcodeAsset, type ProgressEvent } from '../media/pipeline.ts';
import { domainJobs } from './domains.ts';
import { holdLock, registrar, startLeases, type Leases } from './leases.ts';
import { config } from '../config.js';

export const TRANSCODE = 'transcode';
/** Hourly: unfinished uploads abandoned for 3 days are deleted. */
export const UPLOAD_CLEANUP = 'upload-cleanup';

export interface JobsOptions {
	sql: postgres.Sql;
	connection: PgConnection;
	/** pg-boss's schema (default pgboss; tests use their own). */
	schema?: string;
	/** Push a transcode's progress to its uploader (socket.io room user:<id>). */
	notify?: (userId: number, event: ProgressEvent) => void;
	pollingIntervalSeconds?: number;
	/**
	 * Fail (→ retry) transcode jobs left `active` by a process that died. Right
	 * for one app process (the default); with several workers set
	 * XUEFAN_JOBS_RECOVER_ACTIVE=0 and rely on pg-boss's expiry instead.
	 */
	recoverActive?: boolean;
	/** Work jobs here (default: XUEFAN_ROLE is worker or all); false: only send them (a web process). */
	work?: boolean;
}

export interface Jobs {
	boss: PgBoss;
	schema: string;
	/** Queues a transcode; priority 10 (an upload) runs before 0 (the start-up sweep). */
	enqueueTranscode(assetId: string, priority?: number): Promise<string | null>;
	/** Ids of transcode jobs recovered at start (for tests and logs). */
	recovered: string[];
	/** This process's worker registration (null in a web process, which works no jobs). */
	leases: Leases | null;
	stop(): Promise<void>;
}

const holder = globalThis as { __xuefanJobs?: Jobs };

/** The running queue of this process (started by the init hook). */
export function jobs(): Jobs {
	if (!holder.__xuefanJobs) throw new Error('jobs not started');
	return holder.__xuefanJobs;
}

export async function startJobs(options: JobsOptions): Promise<Jobs> {
	const schema = options.schema ?? 'pgboss';
	const { sql } = options;
	// `vite dev` re-runs the init hook with fresh modules: replace the old queue.
	await holder.__xuefanJobs?.stop();
	const { ops } = config();
	const working = options.work ?? ops.runsJobs;
	const boss = new PgBoss({
		...options.connection,
		schema,
		max: 3,
		application_name: working ? 'xuefan-jobs' : 'xuefan-jobs-send',
		// A web process only sends: no maintenance, no cron (the workers do both).
		...(working ? {} : { supervise: false, schedule: false })
	});
	boss.on('error', (e) => console.error('jobs:', e));
	// Released once queues, schedules and the start-up sweeps are done.
	const unlock = await holdLock(sql, 'xuefan:jobs-start');
	await boss.start();
	// A 4 h lecture transcodes in ~1.5 h here: expiry far above that; two
	// retries for passing trouble (a restart, a full disk that was cleared).
	await boss.createQueue(TRANSCODE, {
		name: TRANSCODE,
		retryLimit: 2,
		retryDelay: 5,
		expireInSeconds: 6 * 3600
	});

	const leases = working
		? await startLeases({
				sql,
				boss,
				schema,
				role: ops.role,
				leaseSeconds: ops.jobLeaseSeconds,
				onRecovered: async (jobs) => {
					for (const j of jobs)
						if (j.queue === TRANSCODE && j.assetId)
							await markQueued(sql, j.assetId, null, 'transcoding');
					console.log(`jobs: ${jobs.length} job(s) of a lost worker back in the queue`);
				}
			})
		: null;
	const reg = registrar(boss, leases);
	const recovered: string[] = [];
	if (working && (options.recoverActive ?? config().jobsRecoverActive)) {
		// Active jobs nobody holds a lease on are a dead process's (one from before
		// leases, or killed between taking a job and leasing it); leased ones of
		// a lost worker are the sweep's (after the lease time).
		const rows = await sql<{ id: string; assetId: string }[]>`
			select id, data->>'assetId' as "assetId" from ${sql(schema)}.job j
			where name = ${TRANSCODE} and state = 'active'
				and not exists (select 1 from job_leases l where l.job_id = j.id)`;
		if (rows.length) {
			await boss.fail(
				TRANSCODE,
				rows.map((r) => r.id)
			);
			// Their assets wait in the queue again (not "transcoding" until a worker takes them).
			for (const r of rows) await markQueued(sql, r.assetId, null, 'transcoding');
			recovered.push(...rows.map((r) => r.id));
		}
	}

	const running = new Set<AbortController>();
	if (leases) recovered.push(...(await leases.sweep()).map((j) => j.id));
	await reg.work<{ assetId: string }>(
		TRANSCODE,
		{
			batchSize: 1,
			includeMetadata: true,
			pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2
		},
		async ([job]) => {
			const controller = new AbortController();
			running.add(controller);
			try {
				await transcodeAsset(sql, job.data.assetId, {
					signal: controller.signal,
					lastAttempt: job.retryCount >= job.retryLimit,
					notify: options.notify
				});
			} finally {
				running.delete(controller);
			}
		}
	);

	await boss.createQueue(UPLOAD_CLEANUP, { name: UPLOAD_CLEANUP, retryLimit: 0 });
	await boss.schedule(UPLOAD_CLEANUP, '41 * * * *');
	await reg.work(UPLOAD_CLEANUP, async () => {
		const removed = await removeStaleUploads();
		if (removed.length) console.log(`uploads: removed ${removed.length} abandoned for 3 days`);
	});

	// Each domain's own queues and schedules (quiz deadlines, reminders, …).
	for (const register of domainJobs) await register({ boss: reg, sql, schema });

	// A lecturer's upload goes before the backlog (the demo seed's lectures).
	const enqueueTranscode = (assetId: string, priority = 10) =>
		boss.send(TRANSCODE, { assetId }, { priority });

	// Assets accepted while no queue ran (the demo seed, a crash between
	// upload and enqueue) get their job now.
	// Under the start lock: one process at a time checks and sends, so an asset gets one job.
	for (const assetId of await queuedAssetIds(sql)) {
		const [pending] = await sql`
			select 1 from ${sql(schema)}.job
			where name = ${TRANSCODE} and state in ('created', 'retry', 'active') and data->>'assetId' = ${assetId} limit 1`;
		if (!pending) await enqueueTranscode(assetId, 0);
	}
	await unlock();

	let stopped = false;
	const instance: Jobs = {
		boss,
		schema,
		recovered,
		leases,
		enqueueTranscode,
		async stop() {
			if (stopped) return;
			stopped = true;
			// Cut running ffmpegs short: their jobs fail into `retry` and run again after the restart.
			for (const c of running) c.abort();
			await boss.stop({ graceful: true, timeout: 5000, wait: true });
			await leases?.stop();
			if (holder.__xuefanJobs === instance) holder.__xuefanJobs = undefined;
		}
	};
	holder.__xuefanJobs = instance;
	return instance;
}
