// Per-assignment counters and status, kept current incrementally:
// - refreshAssignments re-derives counters and status of some assignments
//   from the truth (course_completions, the ledger's course hours,
//   lesson_progress). Used when rows are created (publish, someone joins) and
//   when a course of a programme is completed: a handful of rows at a time,
//   or one programme's rows at publish, in one statement;
// - onLearningActivity is the cheap path from the heartbeat batch: it only
//   marks not_started → in_progress and moves last_activity_at.
// Reports read these rows; nothing here is recomputed when a page is viewed.
import type postgres from 'postgres';
import type { Db } from '../db/index.ts';

type Fragment = postgres.PendingQuery<postgres.Row[]>;

/**
 * What each (programme_id, user_id) of `targets` (a subquery with those two
 * columns) has done, derived from the truth: required/elective courses
 * completed, elective credit hours (the ledger's course hours), first/last
 * coverage and completion times, and whether the rules are met (complete) or
 * anything was done (active). One set-based query, for one row or 45,000.
 */
export function derivedState(tx: Db, targets: Fragment): Fragment {
	return tx`
		with t as (${targets}), s as (
			select t.programme_id, t.user_id,
				count(*) filter (where pc.required)::int as req_total,
				count(cc.course_id) filter (where pc.required)::int as req_done,
				count(cc.course_id) filter (where not pc.required)::int as el_done,
				coalesce(sum(cl.hours), 0)::numeric(6, 2) as el_hours,
				min(cc.completed_at) as first_done,
				max(cc.completed_at) as last_done
			from t
			join programme_courses pc on pc.programme_id = t.programme_id
			left join course_completions cc on cc.user_id = t.user_id and cc.course_id = pc.course_id
			-- credit hours only count for electives (the hours rule)
			left join credit_ledger cl on cc.course_id is not null and not pc.required and cl.user_id = t.user_id
				and cl.source = 'course' and cl.source_id = pc.course_id::text
			group by t.programme_id, t.user_id
		), act as (
			select t.programme_id, t.user_id, min(lp.updated_at) as first_at, max(lp.updated_at) as last_at
			from t
			join lesson_progress lp on lp.user_id = t.user_id
			join lessons l on l.id = lp.lesson_id
			join programme_courses pc on pc.programme_id = t.programme_id and pc.course_id = l.course_id
			group by t.programme_id, t.user_id
		)
		select s.*, a.first_at, a.last_at,
			s.req_done = s.req_total
				and (p.min_electives is null or s.el_done >= p.min_electives)
				and (p.min_elective_hours is null or s.el_hours >= p.min_elective_hours) as complete,
			(a.user_id is not null or s.req_done + s.el_done > 0) as active
		from s
		join programmes p on p.id = s.programme_id
		left join act a on a.programme_id = s.programme_id and a.user_id = s.user_id`;
}

/**
 * Re-derives required_total/done, electives_done, elective_hours, status,
 * started_at, completed_at and last_activity_at of the active assignments of
 * published programmes matching `where` (a condition on `pa`). Rows whose
 * values do not change are not written (no dead row versions, no triggers).
 */
export async function refreshAssignments(tx: Db, where: Fragment): Promise<number> {
	const result = await tx`
		with t as (
			select pa.programme_id, pa.user_id from programme_assignments pa
			join programmes p on p.id = pa.programme_id and p.status = 'published'
			where pa.removed_at is null and ${where}
			order by pa.programme_id, pa.user_id
			for update of pa
		), n as (${derivedState(tx, tx`select programme_id, user_id from t`)}), v as (
			select pa.programme_id, pa.user_id, n.req_total, n.req_done, n.el_done, n.el_hours,
				case when n.complete then 'completed'
					when n.active or pa.started_at is not null then 'in_progress'
					else 'not_started' end as status,
				case when n.complete or n.active or pa.started_at is not null
					then coalesce(pa.started_at, least(n.first_at, n.first_done), n.last_done) end as started_at,
				case when n.complete then coalesce(pa.completed_at, n.last_done, n.last_at) end as completed_at,
				greatest(pa.last_activity_at, n.last_at, n.last_done) as last_activity_at
			from n join programme_assignments pa on pa.programme_id = n.programme_id and pa.user_id = n.user_id
		)
		update programme_assignments pa set
			required_total = v.req_total, required_done = v.req_done, electives_done = v.el_done,
			elective_hours = v.el_hours, status = v.status, started_at = v.started_at,
			completed_at = v.completed_at, last_activity_at = v.last_activity_at
		from v
		where pa.programme_id = v.programme_id and pa.user_id = v.user_id
			and (pa.required_total, pa.required_done, pa.electives_done, pa.elective_hours, pa.status,
				pa.started_at, pa.completed_at, pa.last_activity_at)
				is distinct from (v.req_total, v.req_done, v.el_done, v.el_hours, v.status,
				v.started_at, v.completed_at, v.last_activity_at)`;
	return result.count;
}

/**
 * After a course_completions row was inserted (progress/completion.ts): the
 * person's active assignments of published programmes containing the course
 * move on (required/elective counts; completed when the rules are met).
 */
export async function onCourseCompleted(
	tx: Db,
	userId: number,
	courseId: number,
	_at: Date
): Promise<void> {
	await refreshAssignments(
		tx,
		tx`pa.user_id = ${userId} and pa.programme_id in (select programme_id from programme_courses where course_id = ${courseId})`
	);
}

/**
 * Learning activity on courses (a person's first coverage of a lesson, or a
 * periodic touch from the heartbeat batch): not_started → in_progress with
 * started_at, and last_activity_at moves forward. One statement for the batch.
 */
export async function onLearningActivity(
	tx: Db,
	pairs: { userId: number; courseId: number }[],
	at: Date
): Promise<void> {
	if (!pairs.length) return;
	const unique = [...new Map(pairs.map((p) => [`${p.userId}:${p.courseId}`, p])).values()];
	await tx`
		with k as (
			-- (a person's two courses of one programme give two rows: the update takes one)
			select pa.programme_id, pa.user_id
			from unnest(${unique.map((p) => p.userId)}::int[], ${unique.map((p) => p.courseId)}::int[]) as u (user_id, course_id)
			join programme_courses pc on pc.course_id = u.course_id
			join programme_assignments pa on pa.programme_id = pc.programme_id and pa.user_id = u.user_id
			join programmes p on p.id = pa.programme_id and p.status = 'published'
			where pa.removed_at is null
				and (pa.status = 'not_started' or pa.last_activity_at is null or pa.last_activity_at < ${at})
			order by pa.programme_id, pa.user_id
			for update of pa
		)
		update programme_assignments pa set
			status = case when pa.status = 'not_started' then 'in_progress' else pa.status end,
			started_at = coalesce(pa.started_at, ${at}),
			last_activity_at = greatest(pa.last_activity_at, ${at})
		from k where pa.programme_id = k.programme_id and pa.user_id = k.user_id`;
}
