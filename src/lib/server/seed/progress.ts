// Demo watch progress: some demo learners have partly watched (and a few
// finished) the demo lectures, so "continue watching", per-lesson coverage,
// credit hours and the leaders' numbers are not empty on first start.
// Runs after seedDemoCourses, which sets lessons.duration_seconds from the
// generated clips; lessons without a duration (no ffmpeg) are skipped.
// Coverage is written as the heartbeat path would leave it (bitmap, seconds,
// position, completion); completed courses go through tryCompleteCourse, so
// the ledger gets its row by the same rule.
import type { Db } from '../db/index.ts';
import { tryCompleteCourse } from '../progress/completion.ts';
import { neededSeconds } from '../progress/coverage.ts';
import { Random } from './random.ts';

export interface DemoProgressResult {
	learners: number;
	lessonRows: number;
	completedCourses: number;
}

interface Lesson {
	id: number;
	courseId: number;
	duration: number;
	ratio: number;
}

/** Watches [0, seconds) of the lesson for the person (plus a skipped-over gap when `gap`). */
async function watch(
	sql: Db,
	userId: number,
	l: Lesson,
	seconds: number,
	at: Date,
	gap = false
): Promise<boolean> {
	const upTo = Math.max(1, Math.min(l.duration, seconds));
	let bits = '1'.repeat(upTo) + '0'.repeat(l.duration - upTo);
	// A learner who sought ahead: the skipped seconds stay unwatched.
	if (gap && upTo > 10) bits = bits.slice(0, 3) + '0'.repeat(5) + bits.slice(8);
	const watched = [...bits].filter((b) => b === '1').length;
	const done = watched >= neededSeconds(l.ratio, l.duration);
	await sql`
		insert into lesson_progress (user_id, lesson_id, watched, seconds_watched, position, updated_at, completed_at)
		values (${userId}, ${l.id}, ${bits}::varbit, ${watched}, ${done ? 0 : upTo}, ${at}, ${done ? at : null})
		on conflict (user_id, lesson_id) do nothing`;
	return done;
}

export async function seedDemoProgress(sql: Db, seed = 2022): Promise<DemoProgressResult> {
	const rng = new Random(seed);
	const lessons = (
		await sql`
			select l.id, l.course_id, l.duration_seconds, c.completion_ratio
			from lessons l join courses c on c.id = l.course_id
			where c.status = 'published' and l.media_id is not null and l.duration_seconds is not null
			order by c.id, l.position`
	).map((r): Lesson => ({
		id: r.id,
		courseId: r.course_id,
		duration: r.duration_seconds,
		ratio: Number(r.completion_ratio)
	}));
	if (!lessons.length) return { learners: 0, lessonRows: 0, completedCourses: 0 };
	const byCourse = new Map<number, Lesson[]>();
	for (const l of lessons) byCourse.set(l.courseId, [...(byCourse.get(l.courseId) ?? []), l]);
	const courses = [...byCourse.values()];
	const now = Date.now();
	const ago = (hours: number) => new Date(now - hours * 3600_000);
	let lessonRows = 0;
	let completedCourses = 0;

	// The demo `learner`: the first lecture of the first course 40 % watched
	// (so "continue watching" has something); everything else untouched.
	const [demo] = await sql`select id from users where employee_no = 'learner'`;
	if (demo) {
		const first = courses[0][0];
		await watch(sql, demo.id, first, Math.floor(first.duration * 0.4), ago(20));
		lessonRows++;
	}

	// 24 generated learners (not the demo accounts): partial coverage, some
	// with a skipped gap, and every fourth one finishes a whole course.
	const people = await sql`
		select id from users
		where employee_no not in ('admin', 'lecturer', 'leader', 'learner') and active
		order by id limit 24`;
	for (const [i, p] of people.entries()) {
		const course = courses[i % courses.length];
		const finish = i % 4 === 0;
		let allDone = true;
		for (const [j, l] of course.entries()) {
			if (!finish && j > 0 && rng.chance(0.5)) {
				allDone = false;
				continue;
			}
			const share = finish ? 1 : 0.1 + rng.next() * 0.7;
			const done = await watch(
				sql,
				p.id,
				l,
				Math.round(l.duration * share),
				ago(rng.int(1, 96)),
				!finish && rng.chance(0.3)
			);
			allDone &&= done;
			lessonRows++;
		}
		if (allDone && (await tryCompleteCourse(sql, p.id, course[0].courseId, ago(1))))
			completedCourses++;
	}
	return { learners: people.length + (demo ? 1 : 0), lessonRows, completedCourses };
}
