// Where an ended session's replay goes: the lecturer's choice (the linked
// course, a new course, nowhere; published or a draft; the session's audience
// or everyone), checked before anything ends, and the course rules that keep
// a replay inside the session's audience unless it was opened to everyone.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSchema, type TestDb } from '../../src/lib/server/db/test-schema';
import { canViewCourse, canViewLesson } from '../../src/lib/server/courses/access';
import { listCatalogue } from '../../src/lib/server/courses/catalogue';
import { endSession } from '../../src/lib/server/live/end';
import { LiveError } from '../../src/lib/server/live/errors';
import { removeReplayedLiveDirs } from '../../src/lib/server/live/jobs';
import { liveDir } from '../../src/lib/server/live/paths';
import { getSession } from '../../src/lib/server/live/sessions';
import { ensureDirs } from '../../src/lib/server/media/storage';
import { initMediaSecret } from '../../src/lib/server/media/signing';
import { addPerson, addSession, addUnit, type Person } from './live-fixtures';
import { tempDir } from './media-helpers';

let t: TestDb;
let work: string;
let lecturer: Person;
let inside: Person;
let outside: Person;
let admin: Person;
let unit: number;
const previousDir = process.env.XUEFAN_MEDIA_DIR;

beforeAll(async () => {
	t = await createTestSchema();
	work = tempDir('xuefan-replay-');
	process.env.XUEFAN_MEDIA_DIR = path.join(work, 'media');
	await ensureDirs();
	await initMediaSecret(t.sql);
	const county = await addUnit(t.sql);
	unit = await addUnit(t.sql, county);
	const elsewhere = await addUnit(t.sql);
	lecturer = await addPerson(t.sql, elsewhere, ['lecturer'], '主讲');
	inside = await addPerson(t.sql, unit, ['learner'], '受众学员');
	outside = await addPerson(t.sql, elsewhere, ['learner'], '外单位学员');
	admin = await addPerson(t.sql, elsewhere, ['admin'], '管理员');
}, 60_000);

afterAll(async () => {
	process.env.XUEFAN_MEDIA_DIR = previousDir;
	await rm(work, { recursive: true, force: true });
	await t.drop();
});

/** A live session with 4 s of recorded live segments, as the ingest leaves them. */
async function recordedSession(courseId: number | null = null): Promise<number> {
	const id = await addSession(t.sql, { lecturerId: lecturer.id, unitIds: [unit] });
	if (courseId) await t.sql`update live_sessions set course_id = ${courseId} where id = ${id}`;
	const dir = liveDir(id);
	await mkdir(dir, { recursive: true });
	execFileSync('ffmpeg', [
		...['-hide_banner', '-loglevel', 'error', '-y'],
		...['-f', 'lavfi', '-i', 'testsrc=size=320x240:rate=25', '-f', 'lavfi', '-i', 'sine'],
		...['-t', '4', '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '50', '-c:a', 'aac'],
		...['-f', 'hls', '-hls_time', '2', '-hls_segment_filename', path.join(dir, 'seg_%d.ts')],
		path.join(dir, 'index.m3u8')
	]);
	return id;
}

const code = async (p: Promise<unknown>) => {
	try {
		await p;
		return 'ok';
	} catch (e) {
		if (e instanceof LiveError) return e.code;
		throw e;
	}
};
const replayCourse = async (sessionId: number) => {
	const [r] = await t.sql`
		select c.id, c.status, c.audience_session_id as "audienceSessionId", l.id as "lessonId"
		from live_sessions s join lessons l on l.id = s.replay_lesson_id join courses c on c.id = l.course_id
		where s.id = ${sessionId}`;
	return r as { id: number; status: string; audienceSessionId: number | null; lessonId: number };
};
const inCatalogue = async (p: Person, courseId: number) =>
	(await listCatalogue(t.sql, { pageSize: 100, viewer: p })).courses.some((c) => c.id === courseId);

describe('replay destination', () => {
	it('by default: a draft course for the session’s audience, not a published course for everyone', async () => {
		const id = await recordedSession();
		await endSession(t.sql, lecturer, id);
		const c = await replayCourse(id);
		expect([c.status, c.audienceSessionId]).toEqual(['draft', id]);
		expect(await canViewCourse(t.sql, inside, c.id)).toBe(false); // a draft
		expect(await canViewCourse(t.sql, lecturer, c.id)).toBe(true);
		expect(await inCatalogue(inside, c.id)).toBe(false);
	}, 60_000);

	it('published for the audience: the audience sees it, a learner outside it does not (page, lesson, catalogue)', async () => {
		const id = await recordedSession();
		await endSession(t.sql, lecturer, id, { target: 'new', publish: 'on' });
		const c = await replayCourse(id);
		expect([c.status, c.audienceSessionId]).toEqual(['published', id]);
		expect(await canViewCourse(t.sql, inside, c.id)).toBe(true);
		expect(await canViewLesson(t.sql, inside, c.lessonId)).toEqual({ courseId: c.id });
		expect(await inCatalogue(inside, c.id)).toBe(true);
		expect(await canViewCourse(t.sql, outside, c.id)).toBe(false);
		expect(await canViewLesson(t.sql, outside, c.lessonId)).toBeNull();
		expect(await inCatalogue(outside, c.id)).toBe(false);
		expect(await canViewCourse(t.sql, admin, c.id)).toBe(true);
		// moved out of the audience's units: no longer reached
		await t.sql`update users set unit_id = ${outside.unitId} where id = ${inside.id}`;
		expect(await canViewCourse(t.sql, inside, c.id)).toBe(false);
		await t.sql`update users set unit_id = ${unit} where id = ${inside.id}`;
	}, 60_000);

	it('widened to everyone when the lecturer says so', async () => {
		const id = await recordedSession();
		await endSession(t.sql, lecturer, id, { target: 'new', publish: 'on', everyone: 'on' });
		const c = await replayCourse(id);
		expect([c.status, c.audienceSessionId]).toEqual(['published', null]);
		expect(await canViewCourse(t.sql, outside, c.id)).toBe(true);
		expect(await inCatalogue(outside, c.id)).toBe(true);
	}, 60_000);

	it('into the linked course, or nowhere (the recording then goes with the live segments)', async () => {
		const [course] =
			await t.sql`insert into courses (title, category, status, published_at) values ('关联课程', 'theory', 'published', now()) returning id`;
		const linked = await recordedSession(course.id);
		await endSession(t.sql, lecturer, linked, { target: 'course' });
		expect((await replayCourse(linked)).id).toBe(course.id);

		const none = await recordedSession();
		const before = (await t.sql`select count(*)::int as n from courses`)[0].n;
		await endSession(t.sql, lecturer, none, { target: 'none' });
		expect((await getSession(t.sql, none))!.replayLessonId).toBeNull();
		expect((await t.sql`select count(*)::int as n from courses`)[0].n).toBe(before);
		expect(await removeReplayedLiveDirs(t.sql, -1)).toContain(none);
		expect(existsSync(liveDir(none))).toBe(false);
	}, 60_000);

	it('refuses a bad choice with a specific error and ends nothing', async () => {
		const id = await recordedSession();
		expect(await code(endSession(t.sql, lecturer, id, { target: 'course' }))).toBe(
			'replay_no_course'
		);
		expect(await code(endSession(t.sql, lecturer, id, { target: 'somewhere' }))).toBe(
			'replay_invalid'
		);
		const s = (await getSession(t.sql, id))!;
		expect([s.status, s.replayLessonId]).toEqual(['live', null]);
		const [row] = await t.sql`select replay_target from live_sessions where id = ${id}`;
		expect(row.replay_target).toBe('new'); // the default, untouched
	});
});
