// A lecturer's record, gathered from what names them (nothing is copied):
// class sessions (class_sessions.lecturer_id), and for a staff lecturer the
// live sessions they gave and the online courses they teach (by their user).
// The average rating comes from trainees' class evaluations.
import type { Db } from '../db/index.ts';
import { lecturerRating } from '../classes/evaluations.ts';

export interface TaughtItem {
	kind: 'class_session' | 'live' | 'course';
	id: number;
	title: string;
	/** the class of a class session */
	context: string | null;
	at: Date | null;
	/** link target: class id, live session id or course id */
	linkId: number;
}

export interface LecturerRecord {
	taught: TaughtItem[];
	counts: { classSessions: number; live: number; courses: number };
	rating: { count: number; average: number | null };
}

export async function lecturerRecord(
	sql: Db,
	lecturerId: number,
	limit = 200
): Promise<LecturerRecord> {
	const taught = await sql<TaughtItem[]>`
		(select 'class_session' as kind, s.id, s.topic as title, c.title as context, s.starts_at as at, c.id as "linkId"
		from class_sessions s join classes c on c.id = s.class_id where s.lecturer_id = ${lecturerId})
		union all
		(select 'live', ls.id, ls.title, null, ls.starts_at, ls.id
		from live_sessions ls join lecturers l on l.user_id = ls.lecturer_id
		where l.id = ${lecturerId} and ls.status <> 'cancelled')
		union all
		(select 'course', co.id, co.title, null, null::timestamptz, co.id
		from course_lecturers cl join lecturers l on l.user_id = cl.user_id join courses co on co.id = cl.course_id
		where l.id = ${lecturerId} and co.status <> 'draft')
		order by at desc nulls last, kind, id
		limit ${limit}`;
	const [counts] = await sql`
		select
			(select count(*)::int from class_sessions where lecturer_id = ${lecturerId}) as "classSessions",
			(select count(*)::int from live_sessions ls join lecturers l on l.user_id = ls.lecturer_id
				where l.id = ${lecturerId} and ls.status <> 'cancelled') as live,
			(select count(*)::int from course_lecturers cl join lecturers l on l.user_id = cl.user_id
				join courses co on co.id = cl.course_id where l.id = ${lecturerId} and co.status <> 'draft') as courses`;
	const rating = await lecturerRating(sql, lecturerId);
	return {
		taught,
		counts: counts as LecturerRecord['counts'],
		rating: { count: Number(rating.count), average: rating.average }
	};
}
