// Attempts: start (draw and freeze a paper), autosave, submit, and grading at
// the deadline. Every write locks the attempt row (or, at start, the
// person+quiz pair), so concurrent duplicates serialise: a second submit finds
// the attempt graded and gets the same result back.
//
// The deadline is the server's: `due_at` = start + time limit, capped by the
// quiz's closing time. Saves arriving later than due_at + GRACE_MS are refused
// and the attempt is graded as it stood (submitted_by 'deadline', at due_at).
// GRACE_MS only absorbs the network delay of a save sent before the deadline.
import type { Db } from '../db/index.ts';
import { inTransaction } from '../db/tx.ts';
import { QuizError } from './errors.ts';
import { gradePaper } from './grading.ts';
import { checkAnswers, drawFixed, drawRandom, ShortPoolError, type Rng } from './paper.ts';
import { poolQuestions } from './pool.ts';
import { getQuiz, poolShort } from './quizzes.ts';
import { shanghaiYear, tryCompleteCourse } from '../progress/completion.ts';
import { pipelinedTransaction } from '../db/pipelined-tx.ts';
import type { Answers, PaperItem } from './types.ts';

export const GRACE_MS = 2000;

type Row = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

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

const overdue = (dueAt: Date | null, now: Date) =>
	dueAt !== null && now.getTime() > dueAt.getTime() + GRACE_MS;

/**
 * Grades an open attempt row and records the pass (exam credit, then the
 * course's completion when the lessons are done). The UPDATE only matches
 * while the attempt is open (compare-and-set on the row: concurrent graders
 * queue on its row lock and the losers match nothing); null when another
 * grader won. Callers holding the row lock always win.
 */
async function finalise(
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
async function finaliseLocked(
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

function stored(a: Row): Submitted {
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
function lockAttempt(tx: Db, userId: number, attemptId: number): Promise<Row> {
	return readAttempt(tx, userId, attemptId, true);
}

/**
 * Starts an attempt, or resumes the open one (same paper). Refuses unpublished,
 * not yet open, closed quizzes and attempts beyond the limit. An open attempt
 * past its deadline is graded first.
 */
export async function startAttempt(
	sql: Db,
	userId: number,
	quizId: number,
	now = new Date(),
	rng: Rng = Math.random
): Promise<Started> {
	return inTransaction(sql, async (tx) => {
		const quiz = await getQuiz(tx, quizId);
		if (!quiz) throw new QuizError('not_found');
		if (quiz.status !== 'published') throw new QuizError('not_available');
		// One start at a time per person and quiz (a double click must not draw two papers).
		await tx`select pg_advisory_xact_lock(${quizId}, ${userId})`;
		const [open] = await tx`
			select a.id, a.number, a.due_at from quiz_attempts a
			where a.quiz_id = ${quizId} and a.user_id = ${userId} and a.submitted_at is null`;
		if (open && !overdue(open.due_at, now))
			return { attemptId: Number(open.id), number: open.number, resumed: true, dueAt: open.due_at };
		if (open) {
			const row = await lockAttempt(tx, userId, Number(open.id));
			await finaliseLocked(tx, row, 'deadline', row.due_at, null);
		}
		if (quiz.opensAt && now < quiz.opensAt)
			throw new QuizError('not_open_yet', { at: quiz.opensAt.toISOString() });
		if (quiz.closesAt && now >= quiz.closesAt) throw new QuizError('closed');
		const [{ n }] =
			await tx`select count(*)::int as n from quiz_attempts where quiz_id = ${quizId} and user_id = ${userId}`;
		if (quiz.maxAttempts !== null && n >= quiz.maxAttempts)
			throw new QuizError('attempt_limit', { max: quiz.maxAttempts });
		const pool = await poolQuestions(
			tx,
			quiz.courseId,
			quiz.mode === 'fixed' ? { ids: quiz.questions.map((q) => q.questionId) } : {}
		);
		let paper: PaperItem[];
		try {
			paper =
				quiz.mode === 'random'
					? drawRandom(pool, quiz.rules, quiz, rng)
					: drawFixed(pool, quiz.questions, quiz, rng);
		} catch (e) {
			throw e instanceof ShortPoolError ? poolShort(e) : e;
		}
		const limitEnd = quiz.timeLimitSeconds
			? new Date(now.getTime() + quiz.timeLimitSeconds * 1000)
			: null;
		const dueAt =
			limitEnd && quiz.closesAt
				? limitEnd < quiz.closesAt
					? limitEnd
					: quiz.closesAt
				: (limitEnd ?? quiz.closesAt);
		const [a] = await tx`
			insert into quiz_attempts (quiz_id, user_id, number, started_at, due_at, paper)
			values (${quizId}, ${userId}, ${n + 1}, ${now}, ${dueAt}, ${tx.json(paper as never)})
			returning id`;
		return { attemptId: Number(a.id), number: n + 1, resumed: false, dueAt };
	});
}

/**
 * Autosave: replaces the saved answers with a checked set. Refused after the
 * deadline (and the attempt is then graded as it stood), after submit, and for
 * answers not fitting the paper.
 */
export async function saveAnswers(
	sql: Db,
	userId: number,
	attemptId: number,
	raw: unknown,
	now = new Date()
): Promise<{ savedAt: Date; dueAt: Date | null }> {
	const lateResult = await inTransaction(sql, async (tx) => {
		const a = await lockAttempt(tx, userId, attemptId);
		if (a.submitted_at) throw new QuizError('submitted');
		if (overdue(a.due_at, now)) {
			await finaliseLocked(tx, a, 'deadline', a.due_at, null);
			return 'late' as const;
		}
		const checked = checkAnswers(a.paper, raw);
		if (!checked.ok) throw problemError(checked.problem);
		await tx`update quiz_attempts set answers = ${tx.json(checked.value)}, answers_saved_at = ${now} where id = ${a.id}`;
		return { savedAt: now, dueAt: a.due_at as Date | null };
	});
	// Thrown after the commit, so the deadline grading stays written.
	if (lateResult === 'late') throw new QuizError('time_up');
	return lateResult;
}

function problemError(
	p: ReturnType<typeof checkAnswers> extends infer R
		? R extends { ok: false; problem: infer P }
			? P
			: never
		: never
): QuizError {
	switch (p.code) {
		case 'unknown_question':
			return new QuizError('unknown_question', { questionId: p.questionId });
		case 'unknown_option':
			return new QuizError('unknown_option', {
				questionId: p.questionId,
				option: String(p.option).slice(0, 20)
			});
		case 'single_many':
			return new QuizError('single_many', { questionId: p.questionId });
		default:
			return new QuizError('bad_answers');
	}
}

export const SUBMIT_KEY = /^[A-Za-z0-9_-]{8,100}$/;

/** The submit API's answer (the kit route and the fast path send the same). */
export function submitResponse(r: Submitted) {
	return {
		attemptId: r.attemptId,
		score: r.score,
		maxScore: r.maxScore,
		passed: r.passed,
		submittedBy: r.submittedBy,
		submittedAt: r.submittedAt.toISOString(),
		replayed: r.replayed,
		resultUrl: `/courses/${r.courseId}/quizzes/${r.quizId}/result/${r.attemptId}`
	};
}

/**
 * Submits (idempotent): the first call grades, every later call for the same
 * attempt — the same key retried, a concurrent duplicate, a double click —
 * returns that result. `answers`, when given, are the final answers (checked
 * like a save) unless the deadline has passed, when the saved ones count.
 */
export async function submitAttempt(
	sql: Db,
	userId: number,
	attemptId: number,
	key: string,
	answers: unknown,
	now = new Date()
): Promise<Submitted> {
	if (!SUBMIT_KEY.test(key)) throw new QuizError('bad_key');
	// Duplicates arriving at this process while the first is in flight share its
	// outcome instead of queueing on the row lock, each holding a pool
	// connection (a double click plus a retry is the common case). Across
	// processes the row lock below still makes it one graded attempt.
	const shared = `${userId}:${attemptId}`;
	const running = inFlight.get(shared);
	if (running) return running.then((r) => ({ ...r, replayed: true }));
	const p = submitLocked(sql, userId, attemptId, key, answers, now);
	inFlight.set(shared, p);
	try {
		return await p;
	} finally {
		inFlight.delete(shared);
	}
}

const inFlight = new Map<string, Promise<Submitted>>();

/**
 * The submit itself (what duplicates from different processes meet): read the
 * attempt without a lock, grade in memory, then the compare-and-set UPDATE on
 * the attempt row decides — one grader wins, the others read the winner's
 * result. Three round trips for a pass (read; BEGIN+UPDATE+credit pipelined;
 * completion check + COMMIT), two for a fail, and no connection is held while
 * grading, which keeps a submit rush off the pool's queue.
 */
export async function submitLocked(
	sql: Db,
	userId: number,
	attemptId: number,
	key: string,
	answers: unknown,
	now = new Date()
): Promise<Submitted> {
	const a = await readAttempt(sql, userId, attemptId);
	if (a.submitted_at) return stored(a);
	let by: 'learner' | 'deadline' = 'learner';
	let at = now;
	if (overdue(a.due_at, now)) {
		by = 'deadline'; // the saved answers count, not these late ones
		at = a.due_at;
	} else if (answers !== undefined) {
		const checked = checkAnswers(a.paper, answers);
		if (!checked.ok) throw problemError(checked.problem);
		a.answers = checked.value;
		a.answersSavedAt = now;
	}
	const won = await atomically(sql, (tx) => finalise(tx, a, by, at, key));
	return won ?? stored(await readAttempt(sql, userId, attemptId));
}

/** The attempt joined with its quiz's grading settings; only the owner's. */
async function readAttempt(sql: Db, userId: number, attemptId: number, lock = false): Promise<Row> {
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
function atomically<T>(sql: Db, fn: (tx: Db) => Promise<T>): Promise<T> {
	if ('savepoint' in sql) return fn(sql);
	return pipelinedTransaction(sql, (tx) => fn(tx));
}

/** Grades an open attempt whose deadline has passed (reads call this so a late visitor sees the graded result). */
export async function finaliseIfOverdue(
	sql: Db,
	userId: number,
	attemptId: number,
	now = new Date()
): Promise<boolean> {
	return inTransaction(sql, async (tx) => {
		const a = await lockAttempt(tx, userId, attemptId);
		if (a.submitted_at || !overdue(a.due_at, now)) return false;
		await finaliseLocked(tx, a, 'deadline', a.due_at, null);
		return true;
	});
}

/**
 * The deadline job: grades every open attempt past its deadline, in batches
 * (SKIP LOCKED: a learner submitting right now, or another worker, keeps its row).
 */
export async function gradeOverdue(sql: Db, now = new Date(), batch = 200): Promise<number> {
	let total = 0;
	for (;;) {
		const n = await inTransaction(sql, async (tx) => {
			const rows = await tx`
				select a.id, a.quiz_id, a.user_id, a.paper, a.answers, a.due_at, q.partial_credit, q.pass_percent, q.course_id
				from quiz_attempts a join quizzes q on q.id = a.quiz_id
				where a.submitted_at is null and a.due_at < ${new Date(now.getTime() - GRACE_MS)}
				order by a.due_at
				limit ${batch}
				for update of a skip locked`;
			for (const r of rows) await finaliseLocked(tx, r, 'deadline', r.due_at, null);
			return rows.length;
		});
		total += n;
		if (n < batch) return total;
	}
}
