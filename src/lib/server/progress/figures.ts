// The one course figure (学习进度, by watch time), used by every page and
// export that shows how far a person is through a course or a set of courses:
//
//   lesson figure = 1 when the lesson is completed, else min(watched, duration) / duration
//   course figure = Σ duration × lesson figure / Σ duration, over the course's
//                   lessons with media and a known duration
//
// i.e. credited seconds ÷ total seconds, where a completed lesson credits its
// whole duration (it is done even if the learner skipped its last seconds).
// So a course whose lessons are all completed is 100 %, and the course figure
// is always the duration-weighted mean of the lesson figures on the same page.
// The SQL below and lessonFigure/courseFigure are the same rule; the property
// test tests/integration/course-figures.test.ts holds them together.
import type { Db } from '../db/index.ts';

export interface LessonFigureInput {
	duration: number;
	watched: number;
	completed: boolean;
}

/** A lesson's figure, 0..1. */
export function lessonFigure(l: LessonFigureInput): number {
	if (l.completed) return 1;
	if (!(l.duration > 0)) return 0;
	return Math.min(1, Math.max(0, l.watched) / l.duration);
}

/** A course's (or any lesson set's) figure from its lessons, 0..1. */
export function courseFigure(lessons: LessonFigureInput[]): number {
	const counted = lessons.filter((l) => l.duration > 0);
	const total = counted.reduce((s, l) => s + l.duration, 0);
	return total ? counted.reduce((s, l) => s + l.duration * lessonFigure(l), 0) / total : 0;
}

export interface CourseFigure {
	/** 0..1, see the rule above */
	ratio: number;
	creditedSeconds: number;
	totalSeconds: number;
	/** lessons counted (with media and a duration) */
	lessons: number;
	completedLessons: number;
}

const EMPTY: CourseFigure = {
	ratio: 0,
	creditedSeconds: 0,
	totalSeconds: 0,
	lessons: 0,
	completedLessons: 0
};

const figure = (credited: number, total: number, lessons: number, done: number): CourseFigure => ({
	ratio: total ? Math.min(1, credited / total) : 0,
	creditedSeconds: credited,
	totalSeconds: total,
	lessons,
	completedLessons: done
});

/** Per course: the person's figure (courses without counted lessons get zeros). */
export async function courseFigures(
	sql: Db,
	userId: number,
	courseIds: number[]
): Promise<Map<number, CourseFigure>> {
	const out = new Map<number, CourseFigure>(courseIds.map((id) => [id, EMPTY]));
	if (!courseIds.length) return out;
	const rows = await sql`
		select l.course_id, ${credited(sql)} as credited, sum(l.duration_seconds)::int as total,
			count(*)::int as lessons, count(lp.completed_at)::int as done
		from lessons l
		left join lesson_progress lp on lp.lesson_id = l.id and lp.user_id = ${userId}
		where l.course_id = any(${courseIds}::int[]) and ${counted(sql)}
		group by l.course_id`;
	for (const r of rows)
		out.set(r.course_id, figure(Number(r.credited), r.total, r.lessons, r.done));
	return out;
}

/**
 * Per person: the figure of a set of courses taken together (a programme's
 * required courses in the leaders' people lists and exports), by the same
 * rule over all their lessons.
 */
export async function peopleFigures(
	sql: Db,
	userIds: number[],
	courseIds: number[]
): Promise<Map<number, CourseFigure>> {
	const out = new Map<number, CourseFigure>(userIds.map((id) => [id, EMPTY]));
	if (!userIds.length || !courseIds.length) return out;
	const [tot] = await sql`
		select coalesce(sum(l.duration_seconds), 0)::int as total, count(*)::int as lessons
		from lessons l where l.course_id = any(${courseIds}::int[]) and ${counted(sql)}`;
	for (const id of userIds) out.set(id, figure(0, tot.total, tot.lessons, 0));
	const rows = await sql`
		select lp.user_id, ${credited(sql)} as credited, count(lp.completed_at)::int as done
		from lesson_progress lp join lessons l on l.id = lp.lesson_id
		where lp.user_id = any(${userIds}::int[]) and l.course_id = any(${courseIds}::int[]) and ${counted(sql)}
		group by lp.user_id`;
	for (const r of rows)
		out.set(r.user_id, figure(Number(r.credited), tot.total, tot.lessons, r.done));
	return out;
}

/** The lessons a figure counts. */
const counted = (sql: Db) => sql`l.media_id is not null and l.duration_seconds > 0`;

/** Σ credited seconds (lessonFigure × duration) over the joined rows. */
const credited = (sql: Db) => sql`coalesce(sum(case
	when lp.completed_at is not null then l.duration_seconds
	else least(coalesce(lp.seconds_watched, 0), l.duration_seconds) end), 0)`;
