// The recording becomes a recorded lesson (回放) with its own progress
// tracking: the live segments (never deleted while live) are joined into one
// MPEG-TS file, accepted as a media asset through the upload pipeline (probe,
// asset row, attached to the lesson) and queued for the normal HLS ladder.
// Where it goes is the lecturer's choice when ending (replay-choice.ts): the
// linked course, a course made for the replay (a draft unless published,
// seen by the session's audience only unless opened to everyone), or
// nowhere. Re-runnable: a lesson already made is reused.
import { randomUUID } from 'node:crypto';
import { mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Db } from '../db/index.ts';
import { run } from '../media/ffmpeg.ts';
import { acceptUpload } from '../media/pipeline.ts';
import { uploadsDir } from '../media/storage.ts';
import { inTransaction } from '../db/tx.ts';
import { liveDir, SEGMENT_RE } from './paths.ts';

export interface ReplayResult {
	lessonId: number;
	courseId: number;
	assetId: string;
}

/** Segment files of the session in recording order. */
export async function recordedSegments(sessionId: number): Promise<string[]> {
	const names = await readdir(liveDir(sessionId)).catch(() => [] as string[]);
	return names
		.map((n) => ({ n, m: SEGMENT_RE.exec(n) }))
		.filter((x) => x.m)
		.sort((a, b) => Number(a.m![1]) - Number(b.m![1]))
		.map((x) => path.join(liveDir(sessionId), x.n));
}

/** The lesson that will show the replay (made once, in one transaction with the session's link to it). */
async function replayLesson(
	sql: Db,
	sessionId: number
): Promise<{
	lessonId: number;
	courseId: number;
	mediaId: string | null;
	lecturerId: number;
	title: string;
}> {
	return inTransaction(sql, async (tx) => {
		const [s] = await tx<
			{
				title: string;
				lecturerId: number;
				courseId: number | null;
				lessonId: number | null;
				target: string;
				publish: boolean;
				everyone: boolean;
			}[]
		>`
			select title, lecturer_id as "lecturerId", course_id as "courseId", replay_lesson_id as "lessonId",
				replay_target as target, replay_publish as publish, replay_everyone as everyone
			from live_sessions where id = ${sessionId} for update`;
		if (!s) throw new Error(`no live session ${sessionId}`);
		if (s.lessonId) {
			const [l] = await tx<{ courseId: number; mediaId: string | null }[]>`
				select course_id as "courseId", media_id as "mediaId" from lessons where id = ${s.lessonId}`;
			if (l)
				return {
					lessonId: s.lessonId,
					courseId: l.courseId,
					mediaId: l.mediaId,
					lecturerId: s.lecturerId,
					title: s.title
				};
		}
		let courseId = s.target === 'course' ? s.courseId : null;
		if (!courseId) {
			// Stored text is the org's language (zh-CN): course titles are not translated per reader.
			const [c] = await tx<{ id: number }[]>`
				insert into courses (title, description, category, status, created_by, published_at, audience_session_id)
				values (${`${s.title.slice(0, 190)}（直播回放）`}, ${'直播回放'}, 'theory',
					${s.publish ? 'published' : 'draft'}, ${s.lecturerId}, ${s.publish ? new Date() : null},
					${s.everyone ? null : sessionId})
				returning id`;
			courseId = c.id;
			await tx`insert into course_lecturers (course_id, user_id) values (${courseId}, ${s.lecturerId}) on conflict do nothing`;
		}
		await tx`select 1 from courses where id = ${courseId} for update`;
		const [{ n }] = await tx<
			{ n: number }[]
		>`select count(*)::int as n from lessons where course_id = ${courseId}`;
		const [lesson] = await tx<{ id: number }[]>`
			insert into lessons (course_id, position, title) values (${courseId}, ${n}, ${`回放：${s.title}`.slice(0, 200)}) returning id`;
		await tx`update live_sessions set replay_lesson_id = ${lesson.id}, updated_at = now() where id = ${sessionId}`;
		return {
			lessonId: lesson.id,
			courseId,
			mediaId: null,
			lecturerId: s.lecturerId,
			title: s.title
		};
	});
}

/**
 * Makes the replay of an ended session; null when nothing was recorded or the lecturer chose none.
 * `enqueue` queues the asset's transcode (the app's job queue).
 */
export async function createReplay(
	sql: Db,
	sessionId: number,
	enqueue?: (assetId: string) => Promise<unknown>
): Promise<ReplayResult | null> {
	const [choice] = await sql<{ target: string }[]>`
		select replay_target as target from live_sessions where id = ${sessionId}`;
	if (!choice || choice.target === 'none') return null;
	const segments = await recordedSegments(sessionId);
	if (!segments.length) return null;
	const lesson = await replayLesson(sql, sessionId);
	if (lesson.mediaId)
		return { lessonId: lesson.lessonId, courseId: lesson.courseId, assetId: lesson.mediaId };

	await mkdir(uploadsDir(), { recursive: true });
	const work = path.join(uploadsDir(), `live-${sessionId}-${randomUUID()}`);
	const list = `${work}.txt`;
	const joined = `${work}.ts`;
	try {
		// The concat demuxer re-times each segment, so the discontinuities of reconnects join up.
		await writeFile(
			list,
			segments.map((f) => `file '${f.replace(/'/g, "'\\''")}'`).join('\n') + '\n'
		);
		await run('ffmpeg', [
			'-hide_banner',
			'-loglevel',
			'error',
			'-y',
			'-f',
			'concat',
			'-safe',
			'0',
			'-i',
			list,
			'-map',
			'0',
			'-c',
			'copy',
			'-f',
			'mpegts',
			joined
		]);
		const { size } = await stat(joined);
		const accepted = await acceptUpload(sql, {
			file: joined,
			originalName: `${lesson.title.slice(0, 200)}.ts`,
			sizeBytes: size,
			userId: lesson.lecturerId,
			lessonId: lesson.lessonId
		});
		if (!accepted.ok)
			throw new Error(`the recording of live session ${sessionId} was refused: ${accepted.reason}`);
		await enqueue?.(accepted.assetId);
		return { lessonId: lesson.lessonId, courseId: lesson.courseId, assetId: accepted.assetId };
	} finally {
		await rm(list, { force: true });
		await rm(joined, { force: true });
	}
}
