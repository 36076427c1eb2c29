// Course completion and its credit hours, written exactly once.
// A course is complete when every lesson with media is complete for the
// person and extraCompletionRequirements() agrees; then one course_completions
// row and one credit_ledger row (unique per person, source and course).
import type { Db } from '../db/index.ts';
import { courseCreditHours } from '../credit/rules.ts';
import { reactions } from '../reactions.ts';

/**
 * Requirements beyond the lessons: the person has passed every published
 * `required` quiz of the course. Called inside the heartbeat transaction when a
 * course's last lesson completes (and by quiz grading on a pass), so it only
 * reads, in one query on two indexes (quizzes_course, quiz_attempts_user).
 */
export async function extraCompletionRequirements(
	sql: Db,
	userId: number,
	courseId: number
): Promise<boolean> {
	const [row] = await sql`
		select not exists (
			select 1 from quizzes q
			where q.course_id = ${courseId} and q.status = 'published' and q.required
				and not exists (select 1 from quiz_attempts a where a.user_id = ${userId} and a.quiz_id = q.id and a.passed)
		) as ok`;
	return row.ok === true;
}

/** Year in Asia/Shanghai of a moment (the ledger's "this year"). */
export function shanghaiYear(at: Date): number {
	return new Date(at.getTime() + 8 * 3600_000).getUTCFullYear();
}

/** For lessons just completed: completes their courses where due. Returns the (user, course) pairs completed now. */
export async function completeCourses(
	tx: Db,
	lessons: { userId: number; courseId: number }[],
	at: Date
): Promise<Set<string>> {
	const done = new Set<string>();
	const pairs = [...new Map(lessons.map((l) => [`${l.userId}:${l.courseId}`, l])).values()].sort(
		(a, b) => a.userId - b.userId || a.courseId - b.courseId
	);
	for (const { userId, courseId } of pairs) {
		if (await tryCompleteCourse(tx, userId, courseId, at)) done.add(`${userId}:${courseId}`);
	}
	return done;
}

/** Completes the course for the person if every requirement is met; true when it is (now or before). */
export async function tryCompleteCourse(
	tx: Db,
	userId: number,
	courseId: number,
	at: Date
): Promise<boolean> {
	const [row] = await tx`
		select count(*)::int as lessons, count(lp.completed_at)::int as completed,
			coalesce(sum(l.duration_seconds), 0)::int as total
		from lessons l
		left join lesson_progress lp on lp.lesson_id = l.id and lp.user_id = ${userId}
		where l.course_id = ${courseId} and l.media_id is not null`;
	if (row.lessons === 0 || row.completed < row.lessons) return false;
	if (!(await extraCompletionRequirements(tx, userId, courseId))) return false;
	const inserted = await tx`
		insert into course_completions (user_id, course_id, completed_at)
		values (${userId}, ${courseId}, ${at})
		on conflict do nothing
		returning course_id`;
	if (inserted.length) {
		const hours = await courseCreditHours(tx, row.total, at);
		await tx`
			insert into credit_ledger (user_id, year, source, source_id, hours, earned_at, rule_version_id)
			values (${userId}, ${shanghaiYear(at)}, 'course', ${String(courseId)}, ${hours}, ${at}, credit_version_at(${at}))
			on conflict (user_id, source, source_id) do nothing`;
		// Study programmes containing the course move on (issue 5), in this transaction.
		await reactions().courseCompleted(tx, userId, courseId, at);
	}
	return true;
}

/** Which of the (user, course) pairs are completed. */
export async function completedCourses(
	tx: Db,
	pairs: { userId: number; courseId: number }[]
): Promise<Set<string>> {
	if (!pairs.length) return new Set();
	const rows = await tx`
		select c.user_id, c.course_id from course_completions c
		join unnest(${pairs.map((p) => p.userId)}::int[], ${pairs.map((p) => p.courseId)}::int[]) as u (user_id, course_id)
			on c.user_id = u.user_id and c.course_id = u.course_id`;
	return new Set(rows.map((r) => `${r.user_id}:${r.course_id}`));
}
