// Two real worker processes (`npm run worker`: scripts/worker.ts) on one
// database of their own: transcode jobs (real ffmpeg) each run once, on one
// of them; a worker killed with SIGKILL mid-transcode (its process group:
// node and its ffmpeg, as when a machine or container dies) has the job
// taken up and finished by the other after the lease time.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFile, rm } from 'node:fs/promises';
import path from 'node:path';
import PgBoss from 'pg-boss';
import postgres from 'postgres';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { clientOptions } from '../../src/lib/server/db/index.ts';
import { acceptUpload } from '../../src/lib/server/media/pipeline.ts';
import { courseWithLesson, makeClip, tempDir } from './media-helpers.ts';

const name = `xuefan_wf_${randomBytes(4).toString('hex')}`;
const url = new URL(process.env.DATABASE_URL!);
url.pathname = `/${name}`;
const work = tempDir('xuefan-workers-');
const media = path.join(work, 'media');
const previousMedia = process.env.XUEFAN_MEDIA_DIR;
let sql: postgres.Sql;
let boss: PgBoss;
interface Worker {
	child: ChildProcess;
	log: string;
}
const workers: Worker[] = [];

function startWorker(): Promise<Worker> {
	const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/worker.ts'], {
		env: {
			...process.env,
			DATABASE_URL: url.toString(),
			XUEFAN_MEDIA_DIR: media,
			XUEFAN_JOB_LEASE_SECONDS: '3',
			XUEFAN_LOG_LEVEL: 'info',
			REDIS_URL: ''
		},
		stdio: ['ignore', 'pipe', 'pipe'],
		detached: true
	});
	const w: Worker = { child, log: '' };
	workers.push(w);
	child.stdout!.on('data', (d) => (w.log += d));
	child.stderr!.on('data', (d) => (w.log += d));
	return new Promise((resolve, reject) => {
		const timer = setInterval(() => {
			if (w.log.includes('"worker ready"')) {
				clearInterval(timer);
				resolve(w);
			}
		}, 100);
		child.once('exit', (code) => {
			clearInterval(timer);
			reject(new Error(`worker exited (${code}): ${w.log}`));
		});
	});
}

/** The job ids each worker logged as started. */
const started = (w: Worker) =>
	w.log
		.split('\n')
		.filter((l) => l.includes('"job started"') && l.includes('"queue":"transcode"'))
		.flatMap((l) => JSON.parse(l).jobIds as string[]);

async function until(check: () => Promise<boolean> | boolean, ms: number, what: string) {
	const end = Date.now() + ms;
	while (Date.now() < end) {
		if (await check()) return;
		await new Promise((r) => setTimeout(r, 250));
	}
	throw new Error(`timed out: ${what}`);
}

async function upload(seconds: number): Promise<string> {
	const { userId, lessonId } = await courseWithLesson(sql);
	const clip = makeClip(path.join(work, `c${randomBytes(3).toString('hex')}.mp4`), {
		seconds,
		size: '640x360'
	});
	const file = path.join(media, 'uploads', path.basename(clip));
	await copyFile(clip, file);
	const r = await acceptUpload(sql, {
		file,
		originalName: 'c.mp4',
		sizeBytes: 1,
		userId,
		lessonId
	});
	if (!r.ok) throw new Error(r.reason);
	return r.assetId;
}

const status = async (assetId: string) =>
	(await sql`select status from media_assets where id = ${assetId}`)[0]?.status as string;

beforeAll(async () => {
	const admin = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
	await admin.unsafe(`create database ${name}`);
	await admin.end();
	process.env.XUEFAN_MEDIA_DIR = media;
	sql = postgres(url.toString(), { ...clientOptions, max: 4 });
	// Both workers start together: migrations and queues from two processes at once.
	await Promise.all([startWorker(), startWorker()]);
	// The web side of an upload: it only sends the job.
	boss = new PgBoss({
		connectionString: url.toString(),
		max: 1,
		supervise: false,
		schedule: false
	});
	await boss.start();
}, 120_000);

afterAll(async () => {
	for (const w of workers)
		if (w.child.exitCode === null && w.child.signalCode === null) {
			const exited = new Promise((r) => w.child.once('exit', r));
			process.kill(-w.child.pid!, 'SIGKILL');
			await exited;
		}
	await boss?.stop({ graceful: false, close: true });
	await sql?.end();
	const admin = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
	await admin.unsafe(`drop database if exists ${name} with (force)`);
	await admin.end();
	process.env.XUEFAN_MEDIA_DIR = previousMedia;
	await rm(work, { recursive: true, force: true });
}, 60_000);

it('several workers: each transcode runs once, on one of them', async () => {
	const assets = await Promise.all([4, 4, 4, 4].map((s) => upload(s)));
	const jobIds = await Promise.all(
		assets.map((assetId) => boss.send('transcode', { assetId }, { priority: 10 }))
	);
	await until(
		async () => (await Promise.all(assets.map(status))).every((s) => s === 'ready'),
		150_000,
		'all four transcoded'
	);
	const all = workers.flatMap(started);
	for (const id of jobIds) expect(all.filter((j) => j === id)).toHaveLength(1);
	const rows =
		await sql`select state from pgboss.job where id = any(${jobIds as string[]}::uuid[])`;
	expect(rows.map((r) => r.state)).toEqual(['completed', 'completed', 'completed', 'completed']);
}, 180_000);

it('a worker killed mid-transcode: the other takes the job up and finishes it', async () => {
	const assetId = await upload(40);
	const jobId = (await boss.send('transcode', { assetId }, { priority: 10 }))!;
	await until(() => workers.some((w) => started(w).includes(jobId)), 30_000, 'job taken');
	const [victim] = workers.filter((w) => started(w).includes(jobId));
	const [other] = workers.filter((w) => w !== victim);
	// Mid-way: ffmpeg has made progress.
	await until(
		async () =>
			(await sql`select progress from media_assets where id = ${assetId}`)[0].progress > 0,
		60_000,
		'transcode under way'
	);
	const exited = new Promise((r) => victim.child.once('exit', r));
	process.kill(-victim.child.pid!, 'SIGKILL');
	await exited;
	await until(() => started(other).includes(jobId), 60_000, 'the other worker takes the job');
	await until(async () => (await status(assetId)) === 'ready', 150_000, 'transcode finished');
	const [job] = await sql`select state, retry_count from pgboss.job where id = ${jobId}`;
	expect(job.state).toBe('completed');
	expect(job.retry_count).toBe(1);
	expect(other.log).toMatch(/job\(s\) of a lost worker back in the queue/);
}, 300_000);
