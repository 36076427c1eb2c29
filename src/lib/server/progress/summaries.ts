// Learner summaries (for the player engineer's pages): my courses, continue
// watching, per-lesson coverage, credit hours this year and the ledger.
import type { Db } from '../db/index.ts';
import { bitStringToRanges, type Range } from './credit.ts';
import { shanghaiYear } from './completion.ts';
import { courseFigures, lessonFigure } from './figures.ts';

export interface MyCourse {
	courseId: number;
	title: string;
	category: string;
	lessons: number; // lessons counted by the figure (with media and a duration)
	completedLessons: number;
	/** the course figure (figures.ts), 0..1 */
	coverage: number;
	completedAt: Date | null;
	lastWatchedAt: Date;
}

/** Courses the person has started (any coverage row), most recently watched first. */
export async function myCourses(sql: Db, userId: number): Promise<MyCourse[]> {
	const rows = await sql`
		select c.id, c.title, c.category, mine.last_at, cc.completed_at
		from (
			select l.course_id, max(lp.updated_at) as last_at
			from lesson_progress lp join lessons l on l.id = lp.lesson_id
			where lp.user_id = ${userId}
			group by l.course_id
		) mine
		join courses c on c.id = mine.course_id
		left join course_completions cc on cc.course_id = c.id and cc.user_id = ${userId}
		where c.status <> 'draft'
		order by mine.last_at desc`;
	const figures = await courseFigures(
		sql,
		userId,
		rows.map((r) => r.id)
	);
	return rows.map((r) => {
		const f = figures.get(r.id)!;
		return {
			courseId: r.id,
			title: r.title,
			category: r.category,
			lessons: f.lessons,
			completedLessons: f.completedLessons,
			coverage: f.ratio,
			completedAt: r.completed_at,
			lastWatchedAt: r.last_at
		};
	});
}

export interface ContinueItem {
	lessonId: number;
	lessonTitle: string;
	courseId: number;
	courseTitle: string;
	position: number;
	duration: number;
	/** the lesson's figure */
	coverage: number;
	/** the course figure of its course (figures.ts) */
	courseCoverage: number;
	updatedAt: Date;
}

/** Lessons started but not completed, most recent first (published courses only). */
export async function continueWatching(
	sql: Db,
	userId: number,
	limit = 5
): Promise<ContinueItem[]> {
	const rows = await sql`
		select lp.lesson_id, l.title as lesson_title, c.id as course_id, c.title as course_title,
			lp.position, l.duration_seconds, lp.seconds_watched, lp.updated_at
		from lesson_progress lp
		join lessons l on l.id = lp.lesson_id
		join courses c on c.id = l.course_id
		where lp.user_id = ${userId} and lp.completed_at is null and c.status = 'published'
			and l.duration_seconds is not null
		order by lp.updated_at desc
		limit ${Math.max(1, Math.min(50, limit))}`;
	const figures = await courseFigures(sql, userId, [
		...new Set(rows.map((r) => r.course_id as number))
	]);
	return rows.map((r) => ({
		lessonId: r.lesson_id,
		lessonTitle: r.lesson_title,
		courseId: r.course_id,
		courseTitle: r.course_title,
		position: Number(r.position),
		duration: r.duration_seconds,
		coverage: lessonFigure({
			duration: r.duration_seconds,
			watched: r.seconds_watched,
			completed: false
		}),
		courseCoverage: figures.get(r.course_id)!.ratio,
		updatedAt: r.updated_at
	}));
}

export interface LessonCoverage {
	lessonId: number;
	position: number;
	coverage: number;
	completed: boolean;
	watchedRanges: Range[];
}

/** Per-lesson coverage of one course for the person (lessons never started are absent). */
export async function lessonProgress(
	sql: Db,
	userId: number,
	courseId: number
): Promise<LessonCoverage[]> {
	const rows = await sql<CoverageRow[]>`
		select lp.lesson_id, lp.position, lp.seconds_watched, lp.completed_at, lp.watched::text as bits, l.duration_seconds
		from lesson_progress lp join lessons l on l.id = lp.lesson_id
		where lp.user_id = ${userId} and l.course_id = ${courseId}
		order by l.position`;
	return rows.map(toCoverage);
}

/** One lesson's coverage (GET /api/lessons/<id>/progress); zeros when never started. */
export async function oneLessonProgress(
	sql: Db,
	userId: number,
	lessonId: number
): Promise<LessonCoverage> {
	const [row] = await sql<CoverageRow[]>`
		select lp.lesson_id, lp.position, lp.seconds_watched, lp.completed_at, lp.watched::text as bits, l.duration_seconds
		from lesson_progress lp join lessons l on l.id = lp.lesson_id
		where lp.user_id = ${userId} and lp.lesson_id = ${lessonId}`;
	return row
		? toCoverage(row)
		: { lessonId, position: 0, coverage: 0, completed: false, watchedRanges: [] };
}

interface CoverageRow {
	lesson_id: number;
	position: number;
	seconds_watched: number;
	completed_at: Date | null;
	bits: string;
	duration_seconds: number | null;
}

function toCoverage(r: CoverageRow): LessonCoverage {
	const duration = r.duration_seconds ?? String(r.bits).length;
	return {
		lessonId: r.lesson_id,
		position: Number(r.position),
		coverage: lessonFigure({
			duration,
			watched: r.seconds_watched,
			completed: r.completed_at !== null
		}),
		completed: r.completed_at !== null,
		watchedRanges: bitStringToRanges(r.bits)
	};
}

/** Credit hours (学时) earned in a calendar year (the organisation's zone). */
export async function creditHoursThisYear(
	sql: Db,
	userId: number,
	year = shanghaiYear(new Date())
): Promise<number> {
	const [row] =
		await sql`select coalesce(sum(hours), 0) as hours from credit_ledger where user_id = ${userId} and year = ${year}`;
	return Number(row.hours);
}

export interface LedgerEntry {
	id: number;
	source: 'course' | 'live' | 'offline' | 'exam';
	sourceId: string;
	/** the course's title for source 'course' (null if it was deleted or for other sources) */
	title: string | null;
	hours: number;
	earnedAt: Date;
}

export async function ledger(
	sql: Db,
	userId: number,
	year = shanghaiYear(new Date())
): Promise<LedgerEntry[]> {
	const rows = await sql`
		select g.id, g.source, g.source_id, g.hours, g.earned_at, c.title
		from credit_ledger g
		left join courses c on g.source = 'course' and c.id::text = g.source_id
		where g.user_id = ${userId} and g.year = ${year}
		order by g.earned_at desc`;
	return rows.map((r) => ({
		id: Number(r.id),
		source: r.source,
		sourceId: r.source_id,
		title: r.title ?? null,
		hours: Number(r.hours),
		earnedAt: r.earned_at
	}));
}
