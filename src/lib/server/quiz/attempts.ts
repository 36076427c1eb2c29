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
import { finaliseLocked, GRACE_MS, lockAttempt, overdue, type Started } from './attempt-rows.ts';
import { QuizError } from './errors.ts';
import { checkAnswers, drawFixed, drawRandom, ShortPoolError, type Rng } from './paper.ts';
import { poolQuestions } from './pool.ts';
import { getQuiz, poolShort } from './quizzes.ts';
import type { PaperItem } from './types.ts';

export { GRACE_MS, type Started, type Submitted } from './attempt-rows.ts';

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

export function problemError(
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
