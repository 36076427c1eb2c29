// Media: ffprobe refusals keep nothing; a real transcode gives the expected
// ladder; signed URLs are the only way in; ranges work.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { copyFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSchema, type TestDb } from '../../src/lib/server/db/test-schema.ts';
import { getAsset } from '../../src/lib/server/media/assets.ts';
import {
	acceptUpload,
	transcodeAsset,
	type ProgressEvent
} from '../../src/lib/server/media/pipeline.ts';
import { serveMedia } from '../../src/lib/server/media/serve.ts';
import { initMediaSecret, signedMasterUrl, signQuery } from '../../src/lib/server/media/signing.ts';
import { assetDir, ensureDirs, mediaRoot, sourcePath } from '../../src/lib/server/media/storage.ts';
import { segmentDurations } from '../../src/lib/server/media/transcode.ts';
import {
	courseWithLesson,
	makeAudioOnly,
	makeClip,
	makeTextAsMp4,
	tempDir
} from './media-helpers.ts';

let t: TestDb;
let work: string;
let fixture: { userId: number; courseId: number; lessonId: number };
const previousDir = process.env.XUEFAN_MEDIA_DIR;

beforeAll(async () => {
	t = await createTestSchema();
	work = tempDir('xuefan-media-test-');
	process.env.XUEFAN_MEDIA_DIR = path.join(work, 'media');
	await ensureDirs();
	await initMediaSecret(t.sql);
	fixture = await courseWithLesson(t.sql);
});

afterAll(async () => {
	process.env.XUEFAN_MEDIA_DIR = previousDir;
	await rm(work, { recursive: true, force: true });
	await t.drop();
});

async function upload(file: string) {
	// As tus leaves it: a file in uploads/ that acceptUpload moves or deletes.
	const target = path.join(mediaRoot(), 'uploads', path.basename(file) + '.part');
	await copyFile(file, target);
	const result = await acceptUpload(t.sql, {
		file: target,
		originalName: path.basename(file),
		sizeBytes: statSync(file).size,
		userId: fixture.userId,
		lessonId: fixture.lessonId
	});
	return { result, target };
}

async function nothingKept(target: string) {
	expect(existsSync(target)).toBe(false);
	expect(readdirSync(path.join(mediaRoot(), 'assets'))).toEqual([]);
	const [{ n }] = await t.sql`select count(*)::int as n from media_assets`;
	expect(n).toBe(0);
	const [lesson] = await t.sql`select media_id from lessons where id = ${fixture.lessonId}`;
	expect(lesson.media_id).toBeNull();
}

const get = (url: string, headers: Record<string, string> = {}) => {
	const u = new URL(url, 'http://x');
	const [, , assetId, ...rest] = u.pathname.split('/');
	return serveMedia(assetId, rest.join('/'), u, new Request(u, { headers }));
};

describe('ffprobe validation', () => {
	it('refuses a text file named .mp4 and keeps nothing', async () => {
		const { result, target } = await upload(makeTextAsMp4(path.join(work, 'notes.mp4')));
		expect(result).toEqual({ ok: false, reason: 'unreadable' });
		await nothingKept(target);
	});

	it('refuses an audio-only file and keeps nothing', async () => {
		const { result, target } = await upload(makeAudioOnly(path.join(work, 'talk.m4a')));
		expect(result).toEqual({ ok: false, reason: 'no_video' });
		await nothingKept(target);
	});
});

describe('a 640x360 clip with sound', () => {
	let assetId: string;
	const events: ProgressEvent[] = [];

	beforeAll(async () => {
		const { result } = await upload(
			makeClip(path.join(work, 'clip.mp4'), { seconds: 8, size: '640x360' })
		);
		expect(result.ok).toBe(true);
		assetId = (result as { assetId: string }).assetId;
		const validated = await getAsset(t.sql, assetId);
		expect(validated).toMatchObject({
			status: 'validated',
			width: 640,
			height: 360,
			hasAudio: true
		});
		const [lesson] = await t.sql`select media_id from lessons where id = ${fixture.lessonId}`;
		expect(lesson.media_id).toBe(assetId);
		await transcodeAsset(t.sql, assetId, {
			notify: (userId, e) => userId === fixture.userId && events.push(e)
		});
	}, 60_000);

	it('is ready with the duration copied onto its lesson, and told its uploader', async () => {
		const asset = await getAsset(t.sql, assetId);
		expect(asset?.status).toBe('ready');
		expect(asset?.durationSeconds).toBeCloseTo(8, 0);
		const [lesson] =
			await t.sql`select duration_seconds from lessons where id = ${fixture.lessonId}`;
		expect(lesson.duration_seconds).toBe(8);
		expect(events[0]).toMatchObject({ assetId, status: 'transcoding' });
		expect(events.at(-1)).toEqual({ assetId, status: 'ready', progress: 100, error: null });
	});

	it('has a master playlist with CODECS, 240p, 360p and audio-only, 2 s then 6 s segments and a poster', () => {
		const dir = assetDir(assetId);
		const master = readFileSync(path.join(dir, 'master.m3u8'), 'utf8');
		const variants = master.split('\n').filter((l) => l && !l.startsWith('#'));
		// Lowest first: native HLS (Safari, iOS) starts with the first variant listed.
		expect(variants).toEqual(['240p/index.m3u8', '360p/index.m3u8', 'audio/index.m3u8']);
		expect(master).toMatch(/RESOLUTION=640x360,CODECS="avc1\.4d401e,mp4a\.40\.2"/);
		// The village-link rung: peak BANDWIDTH (measured from the segments, TS overhead and audio included) ≤ 300 kbps.
		const low =
			/BANDWIDTH=(\d+),AVERAGE-BANDWIDTH=\d+,RESOLUTION=426x240,CODECS="avc1\.4d4015,mp4a\.40\.2"/.exec(
				master
			);
		expect(low).not.toBeNull();
		expect(Number(low![1])).toBeLessThanOrEqual(300_000);
		expect(master).toMatch(
			/#EXT-X-STREAM-INF:BANDWIDTH=\d+,AVERAGE-BANDWIDTH=\d+,CODECS="mp4a\.40\.2"\naudio\/index\.m3u8/
		);
		expect(master).not.toContain('720p');
		const durations = (r: string) =>
			segmentDurations(readFileSync(path.join(dir, r, 'index.m3u8'), 'utf8')).map((s) =>
				Number(s.duration.toFixed(1))
			);
		// 8 s: three 2 s segments (a short first one is what a slow link waits for), then the rest.
		expect(durations('240p')).toEqual([2, 2, 2, 2]);
		expect(durations('360p')).toEqual([2, 2, 2, 2]);
		const audio = durations('audio');
		expect(audio[0]).toBeCloseTo(6, 0);
		expect(audio.reduce((a, s) => a + s, 0)).toBeCloseTo(8, 0);
		const poster = readFileSync(path.join(dir, 'poster.jpg'));
		expect(poster.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
	});

	it('serves a signed master playlist whose every URI is signed too', async () => {
		const res = await get(signedMasterUrl(assetId, fixture.userId));
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('application/vnd.apple.mpegurl');
		expect(res.headers.get('cache-control')).toBe('private, max-age=600');
		const text = await res.text();
		const uris = text.split('\n').filter((l) => l && !l.startsWith('#'));
		expect(uris.length).toBe(3);
		for (const uri of uris) {
			expect(uri).toMatch(/^(240p|360p|audio)\/index\.m3u8\?u=\d+&e=\d+&s=[\w-]{43}$/);
			const child = await get(`/media/${assetId}/${uri}`);
			expect(child.status).toBe(200);
			const segs = (await child.text()).split('\n').filter((l) => l && !l.startsWith('#'));
			const seg = await get(`/media/${assetId}/${uri.split('/')[0]}/${segs[0]}`);
			expect(seg.status).toBe(200);
			expect(seg.headers.get('content-type')).toBe('video/mp2t');
			expect(seg.headers.get('cache-control')).toContain('immutable');
			expect((await seg.arrayBuffer()).byteLength).toBeGreaterThan(1000);
		}
	});

	it('refuses unsigned, tampered, expired and other-asset signatures with 403', async () => {
		const good = signQuery(assetId, fixture.userId);
		expect((await get(`/media/${assetId}/poster.jpg?${good}`)).headers.get('content-type')).toBe(
			'image/jpeg'
		);
		expect((await get(`/media/${assetId}/poster.jpg`)).status).toBe(403);
		const otherUser = good.replace(/^u=\d+/, `u=${fixture.userId + 1}`);
		expect((await get(`/media/${assetId}/poster.jpg?${otherUser}`)).status).toBe(403);
		const later = good.replace(/e=(\d+)/, (_, e) => `e=${Number(e) + 3600}`);
		expect((await get(`/media/${assetId}/poster.jpg?${later}`)).status).toBe(403);
		const flipped = good.slice(0, -1) + (good.endsWith('A') ? 'B' : 'A');
		expect((await get(`/media/${assetId}/poster.jpg?${flipped}`)).status).toBe(403);
		const expired = signQuery(assetId, fixture.userId, 60, Date.now() - 3600_000);
		const res = await get(`/media/${assetId}/poster.jpg?${expired}`);
		expect(res.status).toBe(403);
		expect(await res.text()).toContain('expired');
		const otherAsset = '00000000-0000-4000-8000-000000000000';
		expect((await get(`/media/${otherAsset}/poster.jpg?${good}`)).status).toBe(403);
	});

	it('answers ranges with 206, unsatisfiable ones with 416', async () => {
		const q = signQuery(assetId, fixture.userId);
		const full = Buffer.from(
			await (await get(`/media/${assetId}/360p/seg_000.ts?${q}`)).arrayBuffer()
		);
		const part = await get(`/media/${assetId}/360p/seg_000.ts?${q}`, { range: 'bytes=100-299' });
		expect(part.status).toBe(206);
		expect(part.headers.get('content-range')).toBe(`bytes 100-299/${full.length}`);
		expect(part.headers.get('content-length')).toBe('200');
		expect(Buffer.from(await part.arrayBuffer())).toEqual(full.subarray(100, 300));
		const tail = await get(`/media/${assetId}/360p/seg_000.ts?${q}`, { range: 'bytes=-10' });
		expect(Buffer.from(await tail.arrayBuffer())).toEqual(full.subarray(full.length - 10));
		const bad = await get(`/media/${assetId}/360p/seg_000.ts?${q}`, {
			range: `bytes=${full.length}-`
		});
		expect(bad.status).toBe(416);
		expect(bad.headers.get('content-range')).toBe(`bytes */${full.length}`);
	});

	it('serves nothing outside the whitelisted files: no traversal, never the source', async () => {
		const q = signQuery(assetId, fixture.userId);
		const url = new URL(`http://x/media/${assetId}/any?${q}`);
		// Raw path parameters, as a router could hand them over un-normalised.
		for (const p of [
			'source',
			`../${assetId}/source`,
			'360p/../../x',
			'%2e%2e/source',
			'..%2fsource',
			'master.m3u8/../source',
			'360p/index.m3u8.bak',
			'/etc/passwd'
		]) {
			expect((await serveMedia(assetId, p, url, new Request(url))).status).toBe(404);
		}
	});
});

describe('a transcode that fails', () => {
	it('marks the asset failed with the reason on the last attempt (and queued before that)', async () => {
		const { result } = await upload(
			makeClip(path.join(work, 'doomed.mp4'), { seconds: 3, size: '320x180' })
		);
		if (!result.ok) throw new Error(result.reason);
		const id = result.assetId;
		// The source goes bad after validation (a disk fault): ffmpeg cannot read it.
		const { writeFileSync } = await import('node:fs');
		writeFileSync(sourcePath(id), 'garbage');
		const events: ProgressEvent[] = [];
		await expect(transcodeAsset(t.sql, id, { lastAttempt: false })).rejects.toThrow(
			/ffmpeg failed/
		);
		expect(await getAsset(t.sql, id)).toMatchObject({
			status: 'validated',
			error: expect.stringMatching(/ffmpeg failed/)
		});
		await expect(
			transcodeAsset(t.sql, id, { lastAttempt: true, notify: (_, e) => events.push(e) })
		).rejects.toThrow();
		expect(await getAsset(t.sql, id)).toMatchObject({
			status: 'failed',
			error: expect.stringMatching(/ffmpeg failed/)
		});
		expect(events.at(-1)).toMatchObject({
			assetId: id,
			status: 'failed',
			error: expect.stringMatching(/ffmpeg failed/)
		});
	});

	it('says plainly when ffmpeg is missing', async () => {
		const before = process.env.FFPROBE_PATH;
		process.env.FFPROBE_PATH = '/nonexistent/ffprobe';
		try {
			await expect(
				upload(makeClip(path.join(work, 'x.mp4'), { seconds: 1, size: '160x90' }))
			).rejects.toThrow(/ffprobe not found.*FFPROBE_PATH/);
		} finally {
			if (before === undefined) delete process.env.FFPROBE_PATH;
			else process.env.FFPROBE_PATH = before;
		}
	});
});
