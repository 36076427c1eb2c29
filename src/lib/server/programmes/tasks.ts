// The learner's task list (我的学习任务): their active assignments of
// published programmes, with each course done or not, read from the
// assignment rows (kept current elsewhere) and the person's completions.
import type { Db } from '../db/index.ts';

export interface TaskCourse {
	courseId: number;
	title: string;
	required: boolean;
	completed: boolean;
	started: boolean;
	/** watched seconds ÷ total seconds of its lessons, 0..1 (so a bar moves while it is 学习中);
	 * coalesce: least() ignores NULL, so an unwatched lesson would count as watched */
	coverage: number;
}

export interface Task {
	programmeId: number;
	title: string;
	description: string;
	startsAt: Date;
	deadline: Date;
	status: 'not_started' | 'in_progress' | 'completed';
	completedAt: Date | null;
	requiredTotal: number;
	requiredDone: number;
	electivesDone: number;
	electiveHours: number;
	minElectives: number | null;
	minElectiveHours: number | null;
	/** Whole days to the deadline (0 on its last day), negative once it passed. */
	daysLeft: number;
	overdue: boolean;
	courses: TaskCourse[];
}

const DAY_MS = 24 * 3600_000;

/** Tasks, unfinished first by deadline, then finished ones. */
export async function myTasks(sql: Db, userId: number, now = new Date()): Promise<Task[]> {
	const rows = await sql`
		select p.id, p.title, p.description, p.starts_at, p.deadline, p.min_electives, p.min_elective_hours,
			a.status, a.completed_at, a.required_total, a.required_done, a.electives_done, a.elective_hours
		from programme_assignments a join programmes p on p.id = a.programme_id
		where a.user_id = ${userId} and a.removed_at is null and p.status = 'published'
		order by (a.status = 'completed'), p.deadline, p.id`;
	if (!rows.length) return [];
	const courses = await sql`
		select pc.programme_id, pc.course_id, c.title, pc.required,
			exists (select 1 from course_completions cc where cc.user_id = ${userId} and cc.course_id = pc.course_id) as completed,
			exists (select 1 from lesson_progress lp join lessons l on l.id = lp.lesson_id
				where lp.user_id = ${userId} and l.course_id = pc.course_id) as started,
			(select coalesce(sum(least(coalesce(lp.seconds_watched, 0), l.duration_seconds)), 0)::float8
					/ nullif(sum(l.duration_seconds), 0)
				from lessons l left join lesson_progress lp on lp.lesson_id = l.id and lp.user_id = ${userId}
				where l.course_id = pc.course_id and l.duration_seconds is not null) as coverage
		from programme_courses pc join courses c on c.id = pc.course_id
		where pc.programme_id = any(${rows.map((r) => r.id)}::int[])
		order by pc.required desc, pc.position`;
	return rows.map((r) => {
		const left = r.deadline.getTime() - now.getTime();
		return {
			programmeId: r.id,
			title: r.title,
			description: r.description,
			startsAt: r.starts_at,
			deadline: r.deadline,
			status: r.status,
			completedAt: r.completed_at,
			requiredTotal: r.required_total,
			requiredDone: r.required_done,
			electivesDone: r.electives_done,
			electiveHours: Number(r.elective_hours),
			minElectives: r.min_electives,
			minElectiveHours: r.min_elective_hours === null ? null : Number(r.min_elective_hours),
			// The deadline is the midnight after its last day: 0.5 days left → "0 days", the last day.
			daysLeft: left > 0 ? Math.floor(left / DAY_MS) : -Math.ceil(-left / DAY_MS),
			overdue: left <= 0 && r.status !== 'completed',
			courses: courses
				.filter((c) => c.programme_id === r.id)
				.map((c) => ({
					courseId: c.course_id,
					title: c.title,
					required: c.required,
					completed: c.completed,
					started: c.started,
					coverage: c.completed ? 1 : Math.min(1, Number(c.coverage ?? 0))
				}))
		};
	});
}
