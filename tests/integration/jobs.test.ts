// The transcode job queue survives restarts: a job queued while no worker
// ran is done by the next start, and one left `active` by a process that died
// is failed into a retry at start and then done.
import { copyFile, rm } from 'node:fs/promises';
import path from 'node:path';
import PgBoss from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSchema, type TestDb } from '../../src/lib/server/db/test-schema.ts';
import { startJobs, TRANSCODE, type Jobs } from '../../src/lib/server/jobs/index.ts';
import { getAsset } from '../../src/lib/server/media/assets.ts';
import { acceptUpload } from '../../src/lib/server/media/pipeline.ts';
import { ensureDirs, mediaRoot } from '../../src/lib/server/media/storage.ts';
import { courseWithLesson, makeClip, tempDir } from './media-helpers.ts';

let t: TestDb;
let work: string;
let clip: string;
let boss: string;
const previousDir = process.env.XUEFAN_MEDIA_DIR;
const connection = () => ({ connectionString: process.env.DATABASE_URL! });

beforeAll(async () => {
	t = await createTestSchema();
	boss = `${t.schema}_boss`;
	work = tempDir('xuefan-jobs-test-');
	process.env.XUEFAN_MEDIA_DIR = path.join(work, 'media');
	await ensureDirs();
	clip = makeClip(path.join(work, 'clip.mp4'), { seconds: 4, size: '320x180' });
});

afterAll(async () => {
	process.env.XUEFAN_MEDIA_DIR = previousDir;
	await rm(work, { recursive: true, force: true });
	await t.sql.unsafe(`drop schema if exists ${boss} cascade`);
	await t.drop();
});

async function validatedAsset(): Promise<string> {
	const { userId, lessonId } = await courseWithLesson(t.sql);
	const file = path.join(mediaRoot(), 'uploads', `u${Date.now()}`);
	await copyFile(clip, file);
	const r = await acceptUpload(t.sql, {
		file,
		originalName: 'clip.mp4',
		sizeBytes: 1,
		userId,
		lessonId
	});
	if (!r.ok) throw new Error(r.reason);
	return r.assetId;
}

async function until(check: () => Promise<boolean>, ms = 40_000) {
	const end = Date.now() + ms;
	while (Date.now() < end) {
		if (await check()) return;
		await new Promise((r) => setTimeout(r, 250));
	}
	throw new Error('timed out');
}

const jobState = async (id: string) => {
	const [row] = await t.sql`select state from ${t.sql(boss)}.job where id = ${id}`;
	return row?.state as string | undefined;
};

describe('transcode jobs', () => {
	it('runs a job that was queued before a restart', async () => {
		const assetId = await validatedAsset();
		// The "old process" queued the job and stopped before any worker took it.
		const old = new PgBoss({
			...connection(),
			schema: boss,
			max: 1,
			supervise: false,
			schedule: false
		});
		await old.start();
		await old.createQueue(TRANSCODE);
		const jobId = await old.send(TRANSCODE, { assetId });
		await old.stop({ graceful: false, close: true });
		expect(await jobState(jobId!)).toBe('created');

		const jobs = await startJobs({
			sql: t.sql,
			connection: connection(),
			schema: boss,
			pollingIntervalSeconds: 0.5
		});
		try {
			await until(async () => (await getAsset(t.sql, assetId))?.status === 'ready');
			await until(async () => (await jobState(jobId!)) === 'completed');
			const [{ n }] =
				await t.sql`select count(*)::int as n from ${t.sql(boss)}.job where name = ${TRANSCODE} and data->>'assetId' = ${assetId}`;
			expect(n).toBe(1); // the start-up sweep saw the pending job and added none
		} finally {
			await jobs.stop();
		}
	}, 60_000);

	it('a transcode cut short by a shutdown goes back to the queue and finishes after the restart', async () => {
		const long = makeClip(path.join(work, 'long.mp4'), { seconds: 20, size: '640x360' });
		const { userId, lessonId } = await courseWithLesson(t.sql);
		const file = path.join(mediaRoot(), 'uploads', 'long');
		await copyFile(long, file);
		const r = await acceptUpload(t.sql, {
			file,
			originalName: 'long.mp4',
			sizeBytes: 1,
			userId,
			lessonId
		});
		if (!r.ok) throw new Error(r.reason);
		const first = await startJobs({
			sql: t.sql,
			connection: connection(),
			schema: boss,
			pollingIntervalSeconds: 0.5
		});
		await until(async () => (await getAsset(t.sql, r.assetId))?.status === 'transcoding');
		await first.stop();
		const [job] =
			await t.sql`select id, state from ${t.sql(boss)}.job where data->>'assetId' = ${r.assetId}`;
		expect(job.state).toBe('retry');
		expect((await getAsset(t.sql, r.assetId))?.status).toBe('validated');

		const second = await startJobs({
			sql: t.sql,
			connection: connection(),
			schema: boss,
			pollingIntervalSeconds: 0.5
		});
		try {
			await until(async () => (await getAsset(t.sql, r.assetId))?.status === 'ready');
			// pg-boss marks the job completed just after the handler (which set the asset ready) returns.
			await until(async () => (await jobState(job.id)) === 'completed');
		} finally {
			await second.stop();
		}
	}, 60_000);

	it('runs an upload (priority 10) before the backlog (priority 0)', async () => {
		const backlog = await validatedAsset();
		const upload = await validatedAsset();
		const old = new PgBoss({
			...connection(),
			schema: boss,
			max: 1,
			supervise: false,
			schedule: false
		});
		await old.start();
		const first = await old.send(TRANSCODE, { assetId: backlog }, { priority: 0 });
		const second = await old.send(TRANSCODE, { assetId: upload }, { priority: 10 });
		await old.stop({ graceful: false, close: true });
		const jobs = await startJobs({
			sql: t.sql,
			connection: connection(),
			schema: boss,
			pollingIntervalSeconds: 0.5
		});
		try {
			await until(
				async () =>
					(await jobState(first!)) === 'completed' && (await jobState(second!)) === 'completed'
			);
			const rows =
				await t.sql`select id from ${t.sql(boss)}.job where id in (${first!}, ${second!}) order by started_on`;
			expect(rows.map((r) => r.id)).toEqual([second, first]);
		} finally {
			await jobs.stop();
		}
	}, 60_000);

	it('fails a job left active by a dead process into a retry, which then completes', async () => {
		const assetId = await validatedAsset();
		// A "process" that takes the job and dies: fetched (active), never completed.
		const dead = new PgBoss({
			...connection(),
			schema: boss,
			max: 1,
			supervise: false,
			schedule: false
		});
		await dead.start();
		await dead.createQueue(TRANSCODE);
		const jobId = await dead.send(TRANSCODE, { assetId }, { retryDelay: 1 });
		const [taken] = await dead.fetch<{ assetId: string }>(TRANSCODE);
		expect(taken.id).toBe(jobId);
		await t.sql`update media_assets set status = 'transcoding' where id = ${assetId}`;
		await dead.stop({ graceful: false, close: true });
		expect(await jobState(jobId!)).toBe('active');

		let jobs: Jobs | undefined;
		try {
			jobs = await startJobs({
				sql: t.sql,
				connection: connection(),
				schema: boss,
				pollingIntervalSeconds: 0.5
			});
			expect(jobs.recovered).toContain(jobId);
			// Back in the queue until a worker takes the retry (in a second).
			expect((await getAsset(t.sql, assetId))?.status).toBe('validated');
			await until(async () => (await jobState(jobId!)) === 'completed');
			expect((await getAsset(t.sql, assetId))?.status).toBe('ready');
			const [job] = await t.sql`select retry_count from ${t.sql(boss)}.job where id = ${jobId!}`;
			expect(job.retry_count).toBe(1);
		} finally {
			await jobs?.stop();
		}
	}, 60_000);
});
