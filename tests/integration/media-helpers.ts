// Generated media for the media tests (real ffmpeg, in a temp dir).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type postgres from 'postgres';

export function tempDir(prefix: string): string {
	return mkdtempSync(path.join(tmpdir(), prefix));
}

/** A clip: lavfi testsrc2 + a sine tone (unless `audio: false`). */
export function makeClip(
	file: string,
	{ seconds = 8, size = '640x360', audio = true } = {}
): string {
	const args = [
		'-hide_banner',
		'-loglevel',
		'error',
		'-y',
		'-f',
		'lavfi',
		'-i',
		`testsrc2=size=${size}:rate=25`
	];
	if (audio) args.push('-f', 'lavfi', '-i', 'sine=frequency=440');
	args.push(
		'-t',
		String(seconds),
		'-c:v',
		'libx264',
		'-preset',
		'ultrafast',
		'-pix_fmt',
		'yuv420p'
	);
	if (audio) args.push('-c:a', 'aac', '-shortest');
	execFileSync('ffmpeg', [...args, file]);
	return file;
}

export function makeAudioOnly(file: string, seconds = 5): string {
	execFileSync('ffmpeg', [
		'-hide_banner',
		'-loglevel',
		'error',
		'-y',
		'-f',
		'lavfi',
		'-i',
		'sine=frequency=440',
		'-t',
		String(seconds),
		'-c:a',
		'aac',
		file
	]);
	return file;
}

export function makeTextAsMp4(file: string): string {
	writeFileSync(file, 'This is not a video, only text pretending to be one.\n'.repeat(50));
	return file;
}

/** A lecturer, a course they teach and one lesson in it. */
export async function courseWithLesson(
	sql: postgres.Sql
): Promise<{ userId: number; courseId: number; lessonId: number }> {
	const tag = Math.random().toString(36).slice(2, 8);
	const [unit] =
		await sql`insert into org_units (name, kind) values (${`测试单位${tag}`}, 'county') returning id`;
	const [user] = await sql`
		insert into users (employee_no, name, unit_id, rank_level, password_hash, roles)
		values (${`lec${tag}`}, '测试讲师', ${unit.id}, 'general', 'x', ${['lecturer']}::text[]) returning id`;
	const [course] =
		await sql`insert into courses (title, category, status) values ('测试课程', 'theory', 'published') returning id`;
	await sql`insert into course_lecturers (course_id, user_id) values (${course.id}, ${user.id})`;
	const [lesson] =
		await sql`insert into lessons (course_id, position, title) values (${course.id}, 0, '第一讲') returning id`;
	return { userId: user.id, courseId: course.id, lessonId: lesson.id };
}
