// Recorded lectures through nginx: playlists, segments and posters come from
// the shared media directory (nginx's own static serving: ETag, ranges),
// after the app's verdict on the signed query (auth_request, cached);
// unsigned, expired, tampered or another asset's signatures are refused, and a
// person without access to the course never gets a signed URL.
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { initMediaSecret, signQuery } from '../../src/lib/server/media/signing';
import { addPerson, addUnit } from '../integration/live-fixtures';
import { startCluster, type Cluster } from './cluster';
import { request } from './clients';

let c: Cluster;
let asset: string;
let other: string;
let lessonId: number;
let courseId: number;
const segment = randomBytes(200_000);
beforeAll(async () => {
	c = await startCluster();
	// sign as the instances do (the same secret)
	process.env.XUEFAN_MEDIA_SECRET = c.env.XUEFAN_MEDIA_SECRET;
	await initMediaSecret(c.sql);
	const [a] =
		await c.sql`insert into media_assets (status, duration_seconds) values ('ready', 12) returning id`;
	const [b] =
		await c.sql`insert into media_assets (status, duration_seconds) values ('ready', 12) returning id`;
	asset = a.id;
	other = b.id;
	const dir = path.join(c.mediaDir, 'assets', asset);
	mkdirSync(path.join(dir, '360p'), { recursive: true });
	writeFileSync(
		path.join(dir, 'master.m3u8'),
		'#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-STREAM-INF:BANDWIDTH=500000,CODECS="avc1.4d401e,mp4a.40.2"\n360p/index.m3u8\n'
	);
	writeFileSync(
		path.join(dir, '360p/index.m3u8'),
		'#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:6\n#EXT-X-PLAYLIST-TYPE:VOD\n#EXTINF:6.0,\nseg_000.ts\n#EXTINF:6.0,\nseg_001.ts\n#EXT-X-ENDLIST\n'
	);
	writeFileSync(path.join(dir, '360p/seg_000.ts'), segment);
	writeFileSync(path.join(dir, 'source'), 'the original upload');
	const [course] =
		await c.sql`insert into courses (title, category, status, published_at) values ('公开课', 'theory', 'published', now()) returning id`;
	courseId = course.id;
	const [l] =
		await c.sql`insert into lessons (course_id, position, title, media_id, duration_seconds) values (${course.id}, 0, '第一讲', ${asset}, 12) returning id`;
	lessonId = l.id;
}, 120_000);
afterAll(async () => {
	delete process.env.XUEFAN_MEDIA_SECRET;
	await c?.stop();
});

const get = (p: string, headers: Record<string, string> = {}) => request(c.port, p, { headers });

it('a learner’s signed master URL: nginx serves the playlists from disk with every child URI signed', async () => {
	const unit = await addUnit(c.sql);
	const learner = await addPerson(c.sql, unit);
	const page = await request(c.port, `/courses/${courseId}/lessons/${lessonId}/__data.json`, {
		cookie: learner.cookie
	});
	expect(page.status).toBe(200);
	const master = new RegExp(`/media/${asset}/master\\.m3u8\\?u=\\d+&e=\\d+&s=[\\w-]{43}`).exec(
		page.body
	)?.[0];
	expect(master).toBeDefined();
	const m = await get(master!);
	expect(m.status).toBe(200);
	expect(m.headers['content-type']).toBe('application/vnd.apple.mpegurl');
	const query = master!.split('?')[1];
	expect(m.body).toContain(`360p/index.m3u8?${query}\n`);
	const child = await get(`/media/${asset}/360p/index.m3u8?${query}`);
	expect(child.status).toBe(200);
	expect(child.body).toContain(`seg_000.ts?${query}\n`);
	expect(child.body).toContain(`seg_001.ts?${query}\n`);

	const seg = await get(`/media/${asset}/360p/seg_000.ts?${query}`);
	expect(seg.status).toBe(200);
	expect(Buffer.from(seg.body, 'latin1').equals(segment)).toBe(true);
	// nginx's static file serving (the app sets neither ETag nor Last-Modified)
	expect(seg.headers.server).toMatch(/^nginx/);
	expect(seg.headers.etag).toBeDefined();
	expect(seg.headers['last-modified']).toBeDefined();
	expect(seg.headers['content-type']).toBe('video/mp2t');
	expect(seg.headers['cache-control']).toBe('private, max-age=31536000, immutable');
	const part = await get(`/media/${asset}/360p/seg_000.ts?${query}`, { range: 'bytes=100-199' });
	expect(part.status).toBe(206);
	expect(Buffer.from(part.body, 'latin1').equals(segment.subarray(100, 200))).toBe(true);
	// a file that is not there, and the source, which is never served
	expect((await get(`/media/${asset}/360p/seg_002.ts?${query}`)).status).toBe(404);
	expect((await get(`/media/${asset}/source?${query}`)).status).toBe(404);
});

it('refuses unsigned, expired, tampered and other-asset signatures', async () => {
	const q = signQuery(asset, 7, 3600);
	expect((await get(`/media/${asset}/360p/seg_000.ts?${q}`)).status).toBe(200);
	expect((await get(`/media/${asset}/360p/seg_000.ts`)).status).toBe(403);
	expect((await get(`/media/${asset}/master.m3u8`)).status).toBe(403);
	const expired = signQuery(asset, 7, 60, Date.now() - 3600_000);
	expect((await get(`/media/${asset}/360p/seg_000.ts?${expired}`)).status).toBe(403);
	expect((await get(`/media/${asset}/360p/seg_000.ts?${q.replace('u=7', 'u=8')}`)).status).toBe(
		403
	);
	expect((await get(`/media/${other}/360p/seg_000.ts?${q}`)).status).toBe(403);
	// the verdict endpoint is not reachable from outside
	expect((await get(`/_media-auth/${asset}?${q}`)).status).toBe(404);
});

it('a person without access to the course gets no signed URL', async () => {
	const [draft] =
		await c.sql`insert into courses (title, category) values ('草稿课', 'theory') returning id`;
	const [l] =
		await c.sql`insert into lessons (course_id, position, title, media_id, duration_seconds) values (${draft.id}, 0, '草稿', ${other}, 12) returning id`;
	const unit = await addUnit(c.sql);
	const learner = await addPerson(c.sql, unit);
	const page = await request(c.port, `/courses/${draft.id}/lessons/${l.id}/__data.json`, {
		cookie: learner.cookie
	});
	// kit's data endpoint answers 200 with the load's 404 inside
	expect(page.body).toMatch(/"type":"error".*"status":404/);
	expect(page.body).not.toContain(`/media/${other}/`);
	expect((await get(`/media/${other}/master.m3u8`)).status).toBe(403);
});
