// tus uploads through @tus/server's handleWeb, as the route calls it: only a
// lecturer of the lesson's course may upload, only the creator may continue,
// an interrupted upload resumes, a finished one is probed, then queued.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '../../src/lib/server/auth/types.ts';
import { createTestSchema, type TestDb } from '../../src/lib/server/db/test-schema.ts';
import { getAsset } from '../../src/lib/server/media/assets.ts';
import {
	ensureDirs,
	mediaRoot,
	removeStaleUploads,
	sourcePath
} from '../../src/lib/server/media/storage.ts';
import { handleUpload } from '../../src/lib/server/media/uploads.ts';
import { courseWithLesson, makeClip, makeTextAsMp4, tempDir } from './media-helpers.ts';

let t: TestDb;
let work: string;
let owner: SessionUser;
let stranger: SessionUser;
let lessonId: number;
const queued: string[] = [];
const previousDir = process.env.XUEFAN_MEDIA_DIR;

const person = (id: number, roles: SessionUser['roles']): SessionUser => ({
	id,
	employeeNo: `p${id}`,
	name: 'x',
	unitId: 1,
	roles,
	scopeUnitIds: [],
	locale: 'en',
	mustChangePassword: false
});

beforeAll(async () => {
	t = await createTestSchema();
	work = tempDir('xuefan-uploads-test-');
	process.env.XUEFAN_MEDIA_DIR = path.join(work, 'media');
	await ensureDirs();
	const a = await courseWithLesson(t.sql);
	const b = await courseWithLesson(t.sql); // another course's lecturer
	owner = person(a.userId, ['lecturer']);
	stranger = person(b.userId, ['lecturer']);
	lessonId = a.lessonId;
});
afterAll(async () => {
	process.env.XUEFAN_MEDIA_DIR = previousDir;
	await rm(work, { recursive: true, force: true });
	await t.drop();
});

const b64 = (s: string) => Buffer.from(s).toString('base64');
const tus = (
	user: SessionUser,
	url: string,
	init: RequestInit & { headers?: Record<string, string> }
) =>
	handleUpload(
		new Request(new URL(url, 'http://localhost'), {
			...init,
			headers: { 'Tus-Resumable': '1.0.0', ...init.headers }
		}),
		{
			sql: t.sql,
			user,
			locale: 'en',
			accepted: async (id) => void queued.push(id)
		}
	);

async function create(user: SessionUser, size: number, lesson = lessonId) {
	return tus(user, '/api/uploads', {
		method: 'POST',
		headers: {
			'Upload-Length': String(size),
			'Upload-Metadata': `filename ${b64('clip.mp4')},lessonId ${b64(String(lesson))}`
		}
	});
}

const patch = (user: SessionUser, location: string, offset: number, body: Uint8Array) =>
	tus(user, location, {
		method: 'PATCH',
		headers: { 'Upload-Offset': String(offset), 'Content-Type': 'application/offset+octet-stream' },
		body: new Uint8Array(body)
	});

describe('tus uploads', () => {
	it('refuses a lesson of someone else’s course, with a reason', async () => {
		const res = await create(stranger, 1000);
		expect(res.status).toBe(403);
		expect(JSON.parse(await res.text())).toMatchObject({
			error: 'media_upload_forbidden',
			message: 'You may not upload a video for this lesson.'
		});
		expect((await create(owner, 1000, 0)).status).toBe(400);
		expect((await create(owner, 5 * 1024 ** 3)).status).toBe(413);
	});

	it('uploads in two pieces (resuming after a break), then probes and queues the video', async () => {
		const data = readFileSync(
			makeClip(path.join(work, 'clip.mp4'), { seconds: 3, size: '320x180' })
		);
		const created = await create(owner, data.length);
		expect(created.status).toBe(201);
		const location = created.headers.get('location')!;
		expect(location).toMatch(/^\/api\/uploads\/\w+$/);

		const half = Math.floor(data.length / 2);
		expect((await patch(owner, location, 0, data.subarray(0, half))).status).toBe(204);
		// Another lecturer cannot continue (or read) it.
		expect((await patch(stranger, location, half, data.subarray(half))).status).toBe(403);
		// The client comes back: HEAD tells where to resume.
		const head = await tus(owner, location, { method: 'HEAD' });
		expect(head.headers.get('upload-offset')).toBe(String(half));

		const done = await patch(owner, location, half, data.subarray(half));
		expect(done.status).toBe(204);
		const assetId = done.headers.get('x-media-asset-id')!;
		expect(queued).toEqual([assetId]);
		expect(await getAsset(t.sql, assetId)).toMatchObject({
			status: 'validated',
			originalName: 'clip.mp4',
			sizeBytes: data.length,
			uploadedBy: owner.id
		});
		expect(readFileSync(sourcePath(assetId))).toEqual(data);
		const [lesson] =
			await t.sql`select media_id, duration_seconds from lessons where id = ${lessonId}`;
		expect(lesson).toEqual({ media_id: assetId, duration_seconds: 3 });
		expect(readdirSync(path.join(mediaRoot(), 'uploads'))).toEqual([]);
	});

	it('refuses a file that is not a video at the end, saying why, and keeps nothing', async () => {
		const [before] = await t.sql`select media_id from lessons where id = ${lessonId}`;
		const data = readFileSync(makeTextAsMp4(path.join(work, 'fake.mp4')));
		const location = (await create(owner, data.length)).headers.get('location')!;
		const res = await patch(owner, location, 0, data);
		expect(res.status).toBe(422);
		expect(JSON.parse(await res.text())).toEqual({
			error: 'media_refused_unreadable',
			message: expect.stringContaining('could not be read')
		});
		expect(readdirSync(path.join(mediaRoot(), 'uploads'))).toEqual([]);
		const [{ n }] = await t.sql`select count(*)::int as n from media_assets`;
		expect(n).toBe(1); // only the good one from before
		const [after] = await t.sql`select media_id from lessons where id = ${lessonId}`;
		expect(after.media_id).toBe(before.media_id);
		expect(existsSync(path.join(mediaRoot(), 'uploads', location.split('/').pop()!))).toBe(false);
	});
});

describe('abandoned uploads', () => {
	it('are deleted after 3 days untouched; fresh ones stay', async () => {
		const dir = path.join(mediaRoot(), 'uploads');
		const { writeFileSync, utimesSync } = await import('node:fs');
		for (const id of ['old', 'new']) {
			writeFileSync(path.join(dir, id), 'partial');
			writeFileSync(path.join(dir, `${id}.json`), '{}');
		}
		const fourDaysAgo = new Date(Date.now() - 4 * 24 * 3600_000);
		utimesSync(path.join(dir, 'old'), fourDaysAgo, fourDaysAgo);
		expect(await removeStaleUploads()).toEqual(['old']);
		expect(readdirSync(dir).sort()).toEqual(['new', 'new.json']);
	});
});
