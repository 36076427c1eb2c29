// The demo seed's courses: published, taught by the demo lecturer, each
// lesson with a generated video accepted and waiting for the job queue.
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSchema, type TestDb } from '../../src/lib/server/db/test-schema.ts';
import { readFileSync } from 'node:fs';
import { transcodeAsset } from '../../src/lib/server/media/pipeline.ts';
import { assetDir, sourcePath } from '../../src/lib/server/media/storage.ts';
import { seedDemo } from '../../src/lib/server/seed/index.ts';
import { DEMO_COURSES } from '../../src/lib/server/seed/courses.ts';
import { tempDir } from './media-helpers.ts';

let t: TestDb;
let work: string;
const previousDir = process.env.XUEFAN_MEDIA_DIR;

beforeAll(async () => {
	t = await createTestSchema();
	work = tempDir('xuefan-seed-courses-');
	process.env.XUEFAN_MEDIA_DIR = path.join(work, 'media');
});
afterAll(async () => {
	process.env.XUEFAN_MEDIA_DIR = previousDir;
	await rm(work, { recursive: true, force: true });
	await t.drop();
});

describe('demo courses', () => {
	it('seeds published courses whose lessons have real, validated videos', async () => {
		const result = await seedDemo(t.sql);
		const lessonCount = DEMO_COURSES.reduce((n, c) => n + c.lessons.length, 0);
		expect(result.courses).toEqual({ courses: 3, lessons: lessonCount, videos: lessonCount });
		const courses = await t.sql`
			select c.title, c.status, u.employee_no from courses c
			join course_lecturers cl on cl.course_id = c.id join users u on u.id = cl.user_id order by c.id`;
		expect(courses.map((c) => c.title)).toContain('学习贯彻党的二十大精神');
		for (const c of courses) expect([c.status, c.employee_no]).toEqual(['published', 'lecturer']);
		const lessons = await t.sql`
			select l.title, l.duration_seconds, a.id, a.status, a.duration_seconds::float8 as media_seconds, a.height
			from lessons l join media_assets a on a.id = l.media_id order by l.id`;
		expect(lessons).toHaveLength(lessonCount);
		for (const l of lessons) {
			expect(l.status).toBe('validated');
			expect(l.height).toBe(720);
			expect(l.duration_seconds).toBeGreaterThanOrEqual(30);
			expect(Math.abs(l.media_seconds - l.duration_seconds)).toBeLessThan(1);
			expect(existsSync(sourcePath(l.id))).toBe(true);
		}
	}, 60_000);

	it('transcodes a demo lecture with the 240p village-link rung under 300 kbps', async () => {
		// The shortest one (30 s), as the app's job queue would after start.
		const [l] = await t.sql<{ id: string }[]>`
			select a.id from lessons l join media_assets a on a.id = l.media_id
			order by a.duration_seconds, l.id limit 1`;
		await transcodeAsset(t.sql, l.id, { notify: () => {} });
		const master = readFileSync(path.join(assetDir(l.id), 'master.m3u8'), 'utf8');
		const rungs = [...master.matchAll(/BANDWIDTH=(\d+),[^\n]*RESOLUTION=(\d+)x(\d+)/g)].map(
			(m) => ({ bandwidth: Number(m[1]), height: Number(m[3]) })
		);
		expect(rungs.map((r) => r.height)).toEqual([240, 360, 720]);
		expect(rungs[0].bandwidth).toBeLessThanOrEqual(300_000);
		expect(master).toContain('audio/index.m3u8');
	}, 240_000);
});
