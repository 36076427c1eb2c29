// A lecture uploaded with tus through nginx (its own location: large bodies,
// streamed) is transcoded by the jobs (on the jobs process once the worker
// role is on this branch; until then by whichever instance's pg-boss takes
// it), and the progress reaches the lecturer's socket on instance A through
// Redis; nginx then serves the result from the shared media dir.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { MediaProgress } from '../../src/lib/api/socket-events';
import { initMediaSecret, signQuery } from '../../src/lib/server/media/signing';
import { addPerson, addUnit } from '../integration/live-fixtures';
import { makeClip, tempDir } from '../integration/media-helpers';
import { startCluster, type Cluster } from './cluster';
import { request, socketTo, until } from './clients';

let c: Cluster;
beforeAll(async () => {
	c = await startCluster({ jobs: true });
}, 120_000);
afterAll(async () => {
	await c?.stop();
});

const b64 = (s: string) => Buffer.from(s).toString('base64');

it('tus upload through nginx → transcode by the jobs → progress on the lecturer’s socket on A', async () => {
	const unit = await addUnit(c.sql);
	const lecturer = await addPerson(c.sql, unit, ['lecturer'], '主讲');
	const [course] =
		await c.sql`insert into courses (title, category, status) values ('转码课', 'theory', 'published') returning id`;
	await c.sql`insert into course_lecturers (course_id, user_id) values (${course.id}, ${lecturer.id})`;
	const [lesson] =
		await c.sql`insert into lessons (course_id, position, title) values (${course.id}, 0, '第一讲') returning id`;
	const clip = readFileSync(makeClip(path.join(tempDir('xuefan-cl-'), 'clip.mp4'), { seconds: 4 }));

	const events: MediaProgress[] = [];
	const socket = socketTo(c.web[0].port, lecturer.cookie);
	socket.on('media:progress', (e: MediaProgress) => events.push(e));
	await until(() => socket.connected, 10_000, 'lecturer socket on A');
	try {
		const tusHeaders = { 'tus-resumable': '1.0.0', origin: c.url };
		const created = await request(c.port, '/api/uploads', {
			method: 'POST',
			body: '',
			cookie: lecturer.cookie,
			headers: {
				...tusHeaders,
				'upload-length': String(clip.length),
				'upload-metadata': `filename ${b64('clip.mp4')},lessonId ${b64(String(lesson.id))}`
			}
		});
		expect(created.status).toBe(201);
		const location = new URL(String(created.headers.location), c.url).pathname;
		const done = await new Promise<number>((resolve, reject) => {
			import('node:http').then(({ request: raw }) => {
				const req = raw(
					{
						host: '127.0.0.1',
						port: c.port,
						method: 'PATCH',
						path: location,
						headers: {
							...tusHeaders,
							cookie: lecturer.cookie,
							'upload-offset': '0',
							'content-type': 'application/offset+octet-stream',
							'content-length': clip.length
						}
					},
					(res) => (res.resume(), resolve(res.statusCode ?? 0))
				);
				req.on('error', reject);
				req.end(clip);
			});
		});
		expect(done).toBe(204);
		await until(() => events.some((e) => e.status === 'ready'), 110_000, 'transcode ready on A');
		const assetId = events.find((e) => e.status === 'ready')!.assetId;
		expect(events.some((e) => e.status === 'transcoding' && e.progress > 0)).toBe(true);
		const [row] = await c.sql`select status from media_assets where id = ${assetId}`;
		expect(row.status).toBe('ready');

		// …and nginx serves what the job wrote to the shared dir
		process.env.XUEFAN_MEDIA_SECRET = c.env.XUEFAN_MEDIA_SECRET;
		await initMediaSecret(c.sql);
		const q = signQuery(assetId, lecturer.id, 600);
		const master = await request(c.port, `/media/${assetId}/master.m3u8?${q}`);
		expect(master.status).toBe(200);
		expect(master.headers['content-type']).toBe('application/vnd.apple.mpegurl');
		expect(master.body).toContain(`index.m3u8?${q}`);
	} finally {
		socket.close();
		delete process.env.XUEFAN_MEDIA_SECRET;
	}
}, 150_000);
