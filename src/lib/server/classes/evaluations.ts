// Trainee evaluations of a session and its lecturer: scores 1–5 and a
// comment, once, only by an enrolled trainee recorded present or late.
import type { Db } from '../db/index.ts';
import { inTransaction } from '../db/tx.ts';
import { ClassError } from './errors.ts';

export const COMMENT_MAX = 500;

const score = (n: unknown) => typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= 5;

export async function evaluate(
	sql: Db,
	input: {
		userId: number;
		sessionId: number;
		sessionScore: number;
		lecturerScore: number | null;
		comment: string;
	}
): Promise<void> {
	if (!score(input.sessionScore) || (input.lecturerScore !== null && !score(input.lecturerScore)))
		throw new ClassError('score_range');
	if (input.comment.length > COMMENT_MAX) throw new ClassError('score_range');
	await inTransaction(sql, async (tx) => {
		const [row] = await tx`
			select s.class_id, s.lecturer_id, e.status as enrolment, a.status as attendance,
				exists (select 1 from class_evaluations v where v.session_id = s.id and v.user_id = ${input.userId}) as done
			from class_sessions s
			left join class_enrolments e on e.class_id = s.class_id and e.user_id = ${input.userId}
			left join class_attendance a on a.session_id = s.id and a.user_id = ${input.userId}
			where s.id = ${input.sessionId}`;
		if (!row) throw new ClassError('not_found');
		if (row.enrolment !== 'enrolled' || !['present', 'late'].includes(row.attendance))
			throw new ClassError('not_attended');
		if (row.done) throw new ClassError('evaluated_twice');
		const lecturerScore =
			row.lecturer_id === null ? null : (input.lecturerScore ?? input.sessionScore);
		const ins = await tx`
			insert into class_evaluations (session_id, user_id, class_id, lecturer_id, session_score, lecturer_score, comment)
			values (${input.sessionId}, ${input.userId}, ${row.class_id}, ${row.lecturer_id}, ${input.sessionScore},
				${lecturerScore}, ${input.comment.trim()})
			on conflict do nothing returning session_id`;
		if (!ins.length) throw new ClassError('evaluated_twice');
	});
}

export interface SessionResult {
	sessionId: number;
	topic: string;
	lecturerName: string | null;
	count: number;
	sessionAvg: number | null;
	lecturerAvg: number | null;
	comments: string[];
}

/** Results per session for the organiser. */
export async function evaluationResults(sql: Db, classId: number): Promise<SessionResult[]> {
	const rows = await sql`
		select s.id, s.topic, l.name as lecturer_name, count(v.user_id) as n,
			round(avg(v.session_score), 2) as s_avg, round(avg(v.lecturer_score), 2) as l_avg,
			coalesce(array_agg(v.comment order by v.created_at) filter (where v.comment <> ''), '{}') as comments
		from class_sessions s
		left join lecturers l on l.id = s.lecturer_id
		left join class_evaluations v on v.session_id = s.id
		where s.class_id = ${classId}
		group by s.id, l.name order by s.starts_at, s.id`;
	return rows.map((r) => ({
		sessionId: r.id,
		topic: r.topic,
		lecturerName: r.lecturer_name,
		count: r.n,
		sessionAvg: r.s_avg === null ? null : Number(r.s_avg),
		lecturerAvg: r.l_avg === null ? null : Number(r.l_avg),
		comments: r.comments
	}));
}

/** A lecturer's average rating from trainees over all class sessions (for the pool's record). */
export async function lecturerRating(sql: Db, lecturerId: number) {
	const [r] = await sql`
		select count(*) as n, round(avg(lecturer_score), 2) as avg from class_evaluations where lecturer_id = ${lecturerId}`;
	return { count: r.n as number, average: r.avg === null ? null : Number(r.avg) };
}
