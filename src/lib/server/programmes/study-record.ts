// A person's study record (一人一档) in one year: credit hours against the
// yearly requirement of their rank level, their courses and programmes. The
// learner's home page and the administrator's person page read it.
import type { StudyRecordView } from '../../api/study-record.ts';
import type { Db } from '../db/index.ts';
import { shanghaiYear } from '../progress/completion.ts';
import { creditHoursThisYear, myCourses, type MyCourse } from '../progress/summaries.ts';
import { myTasks, type Task } from './tasks.ts';
import { deadlineDay } from './validate.ts';
import { dayOf } from '../clock/index.ts';

/**
 * The yearly online self-study 学时 requirement of the person's rank level in
 * force on `day` (hour_requirement_versions, 0103), or null when it has none.
 */
export async function hourRequirement(
	sql: Db,
	userId: number,
	day = dayOf(new Date())
): Promise<number | null> {
	const [row] = await sql`
		select v.hours from users u
		join hour_requirement_versions v on u.rank_level = any(v.rank_levels)
			and v.valid_from <= ${day}::date and (v.valid_to is null or v.valid_to >= ${day}::date)
		join hour_requirements r on r.id = v.requirement_id and r.code like 'online%'
		where u.id = ${userId}
		order by r.position, r.id limit 1`;
	return row ? Number(row.hours) : null;
}

export interface StudyRecord {
	year: number;
	hours: number;
	requirement: number | null;
	courses: MyCourse[];
	programmes: Task[];
}

export async function studyRecord(sql: Db, userId: number, now = new Date()): Promise<StudyRecord> {
	const year = shanghaiYear(now);
	const [hours, requirement, courses, programmes] = await Promise.all([
		creditHoursThisYear(sql, userId, year),
		hourRequirement(sql, userId, dayOf(now)),
		myCourses(sql, userId),
		myTasks(sql, userId, now)
	]);
	return { year, hours, requirement, courses, programmes };
}

/** The record as the pages' wire type (dates as the deadline's day). */
export function studyRecordView(r: StudyRecord): StudyRecordView {
	return {
		year: r.year,
		hours: r.hours,
		requirement: r.requirement,
		courses: r.courses.map((c) => ({
			courseId: c.courseId,
			title: c.title,
			lessons: c.lessons,
			completedLessons: c.completedLessons,
			coverage: c.coverage,
			completed: c.completedAt !== null
		})),
		programmes: r.programmes.map((p) => ({
			programmeId: p.programmeId,
			title: p.title,
			status: p.status,
			requiredDone: p.requiredDone,
			requiredTotal: p.requiredTotal,
			deadlineOn: deadlineDay(p.deadline)
		}))
	};
}
