// Submitting an attempt: idempotent, graded once however many duplicates
// arrive (see attempts.ts for the deadline rules).
import type { Db } from '../db/index.ts';
import {
	atomically,
	finalise,
	overdue,
	readAttempt,
	stored,
	type Submitted
} from './attempt-rows.ts';
import { problemError } from './attempts.ts';
import { QuizError } from './errors.ts';
import { checkAnswers } from './paper.ts';

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
