// The attempt row and the one step that grades it, shared by starting,
// submitting and the deadline (attempts.ts, submit.ts): see attempts.ts for
// the locking and deadline rules.
import type { Db } from '../db/index.ts';
import { pipelinedTransaction } from '../db/pipelined-tx.ts';
import { shanghaiYear, tryCompleteCourse } from '../progress/completion.ts';
import { QuizError } from './errors.ts';
import { gradePaper } from './grading.ts';
import type { Answers, PaperItem } from './types.ts';

export const GRACE_MS = 2000;

export type Row = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface Started {
	attemptId: number;
	number: number;
	resumed: boolean;
	dueAt: Date | null;
}

export interface Submitted {
	attemptId: number;
	quizId: number;
	courseId: number;
	score: number;
	maxScore: number;
	passed: boolean;
	submittedAt: Date;
	submittedBy: 'learner' | 'deadline';
	/** true when the attempt had already been graded (a retry, a double click, the deadline) */
	replayed: boolean;
}

export const overdue = (dueAt: Date | null, now: Date) =>
	dueAt !== null && now.getTime() > dueAt.getTime() + GRACE_MS;

/**
 * Grades an open attempt row and records the pass (exam credit, then the
 * course's completion when the lessons are done). The UPDATE only matches
 * while the attempt is open (compare-and-set on the row: concurrent graders
 * queue on its row lock and the losers match nothing); null when another
 * grader won. Callers holding the row lock always win.
 */
export async function finalise(
	tx: Db,
	a: Row,
	by: 'learner' | 'deadline',
	at: Date,
	key: string | null
): Promise<Submitted | null> {
	const grade = gradePaper(a.paper as PaperItem[], a.answers as Answers, {
		partialCredit: a.partial_credit,
		passPercent: Number(a.pass_percent)
	});
	// One statement: the grade, the answers graded (a submit's final answers) and,
	// for a pass, the exam credit (once per person and quiz; hours from the
	// credit rule 'course_test_pass' in force at `at`, as testPassHours reads it).
	const [{ won }] = await tx`
		with g as (
			update quiz_attempts set submitted_at = ${at}, submitted_by = ${by}, submit_key = ${key},
				score = ${grade.score}, max_score = ${grade.maxScore}, passed = ${grade.passed},
				answers = ${tx.json(a.answers)}${a.answersSavedAt ? tx`, answers_saved_at = ${a.answersSavedAt}` : tx``}
			where id = ${a.id} and submitted_at is null
			returning id
		), credit as (
			insert into credit_ledger (user_id, year, source, source_id, hours, earned_at, rule_version_id)
			select ${a.user_id}, ${shanghaiYear(at)}, 'exam', ${String(a.quiz_id)},
				coalesce((select hours from credit_rules where version_id = credit_version_at(${at})
					and kind = 'course_test_pass' order by id limit 1), 0), ${at}, credit_version_at(${at})
			from g where ${grade.passed}
			on conflict (user_id, source, source_id) do nothing
		)
		select count(*)::int as won from g`;
	if (!won) return null;
	// The lessons may be done already: then this pass completes the course.
	if (grade.passed) await tryCompleteCourse(tx, a.user_id, a.course_id, at);
	return {
		attemptId: Number(a.id),
		quizId: a.quiz_id,
		courseId: a.course_id,
		score: grade.score,
		maxScore: grade.maxScore,
		passed: grade.passed,
		submittedAt: at,
		submittedBy: by,
		replayed: false
	};
}

/** finalise where the caller holds the row lock (it cannot lose). */
export async function finaliseLocked(
	tx: Db,
	a: Row,
	by: 'learner' | 'deadline',
	at: Date,
	key: string | null
): Promise<Submitted> {
	const r = await finalise(tx, a, by, at, key);
	if (!r) throw new Error(`quiz: attempt ${a.id} graded under our lock by someone else`);
	return r;
}

export function stored(a: Row): Submitted {
	return {
		attemptId: Number(a.id),
		quizId: a.quiz_id,
		courseId: a.course_id,
		score: Number(a.score),
		maxScore: Number(a.max_score),
		passed: a.passed,
		submittedAt: a.submitted_at,
		submittedBy: a.submitted_by,
		replayed: true
	};
}

/** The attempt, locked (FOR UPDATE, inside a transaction); see readAttempt. */
export function lockAttempt(tx: Db, userId: number, attemptId: number): Promise<Row> {
	return readAttempt(tx, userId, attemptId, true);
}

/** The attempt joined with its quiz's grading settings; only the owner's. */
export async function readAttempt(
	sql: Db,
	userId: number,
	attemptId: number,
	lock = false
): Promise<Row> {
	if (!Number.isSafeInteger(attemptId) || attemptId < 1) throw new QuizError('attempt_not_found');
	const [a] = await sql`
		select a.id, a.quiz_id, a.user_id, a.paper, a.answers, a.due_at, a.submitted_at, a.submitted_by, a.score, a.max_score, a.passed,
			q.partial_credit, q.pass_percent, q.course_id
		from quiz_attempts a join quizzes q on q.id = a.quiz_id
		where a.id = ${attemptId} and a.user_id = ${userId}
		${lock ? sql`for update of a` : sql``}`;
	if (!a) throw new QuizError('attempt_not_found'); // someone else's looks like no one's
	return a;
}

/** fn in a transaction: the caller's, or a new one whose BEGIN rides with the first statement. */
export function atomically<T>(sql: Db, fn: (tx: Db) => Promise<T>): Promise<T> {
	if ('savepoint' in sql) return fn(sql);
	return pipelinedTransaction(sql, (tx) => fn(tx));
}
