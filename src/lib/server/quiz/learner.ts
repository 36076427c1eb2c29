// What a learner sees of quizzes: the course's quiz list, a quiz's intro with
// attempts left, the attempt being answered (a LearnerPaperItem paper: no key),
// and results — the key and explanations only when the results policy allows.
// Every object here is built field by field from rows, never spread.
import type { Db } from '../db/index.ts';
import { finaliseIfOverdue } from './attempts.ts';
import { QuizError } from './errors.ts';
import { toLearnerPaper } from './paper.ts';
import type { Answers, LearnerPaperItem, PaperItem, Quiz, ResultsPolicy } from './types.ts';
import { markQuestion } from './grading.ts';

export interface AttemptSummary {
	id: number;
	number: number;
	startedAt: Date;
	submittedAt: Date | null;
	score: number | null;
	maxScore: number | null;
	passed: boolean | null;
}

export interface QuizIntro {
	attempts: AttemptSummary[];
	used: number;
	left: number | null;
	openAttemptId: number | null;
	passed: boolean;
}

export async function quizIntro(sql: Db, userId: number, quiz: Quiz): Promise<QuizIntro> {
	const rows = await sql`
		select id, number, started_at, submitted_at, score, max_score, passed
		from quiz_attempts where quiz_id = ${quiz.id} and user_id = ${userId} order by number`;
	const attempts: AttemptSummary[] = rows.map((r) => ({
		id: Number(r.id),
		number: r.number,
		startedAt: r.started_at,
		submittedAt: r.submitted_at,
		score: r.score === null ? null : Number(r.score),
		maxScore: r.max_score === null ? null : Number(r.max_score),
		passed: r.passed
	}));
	const open = attempts.find((a) => !a.submittedAt);
	return {
		attempts,
		used: attempts.length,
		left: quiz.maxAttempts === null ? null : Math.max(0, quiz.maxAttempts - attempts.length),
		openAttemptId: open?.id ?? null,
		passed: attempts.some((a) => a.passed)
	};
}

/** A learner's status on the published quizzes of a course (for the course page). */
export async function courseQuizzesFor(sql: Db, userId: number, courseId: number) {
	const rows = await sql`
		select q.id, q.title, q.required,
			exists (select 1 from quiz_attempts a where a.quiz_id = q.id and a.user_id = ${userId} and a.passed) as passed,
			(select count(*) from quiz_attempts a where a.quiz_id = q.id and a.user_id = ${userId})::int as used
		from quizzes q where q.course_id = ${courseId} and q.status = 'published' order by q.id`;
	return rows.map((r) => ({
		id: r.id as number,
		title: r.title as string,
		required: r.required as boolean,
		passed: r.passed as boolean,
		used: r.used as number
	}));
}

export interface AttemptView {
	id: number;
	quizId: number;
	number: number;
	dueAt: Date | null;
	submitted: boolean;
	paper: LearnerPaperItem[];
	answers: Answers;
}

/** The open attempt for answering; someone else's or unknown → attempt_not_found. Grades it first when overdue. */
export async function attemptForLearner(
	sql: Db,
	userId: number,
	quizId: number,
	attemptId: number,
	now = new Date()
): Promise<AttemptView> {
	if (!Number.isSafeInteger(attemptId) || attemptId < 1) throw new QuizError('attempt_not_found');
	const [exists] =
		await sql`select 1 from quiz_attempts where id = ${attemptId} and user_id = ${userId} and quiz_id = ${quizId}`;
	if (!exists) throw new QuizError('attempt_not_found');
	await finaliseIfOverdue(sql, userId, attemptId, now);
	const [a] = await sql`
		select id, quiz_id, number, due_at, submitted_at, paper, answers from quiz_attempts where id = ${attemptId}`;
	return {
		id: Number(a.id),
		quizId: a.quiz_id,
		number: a.number,
		dueAt: a.due_at,
		submitted: a.submitted_at !== null,
		paper: toLearnerPaper(a.paper as PaperItem[]),
		answers: a.answers as Answers
	};
}

/** Whether the key and explanations may be shown now. */
export function mayReveal(policy: ResultsPolicy, closesAt: Date | null, now: Date): boolean {
	if (policy === 'after_submit') return true;
	if (policy === 'after_deadline') return closesAt !== null && now >= closesAt;
	return false;
}

export interface RevealedQuestion {
	questionId: number;
	kind: string;
	stem: string;
	points: number;
	awarded: number;
	correct: boolean;
	options: { id: number; text: string; chosen: boolean; key: boolean }[];
	explanation: string;
}

export interface ResultView {
	attemptId: number;
	number: number;
	score: number;
	maxScore: number;
	percent: number;
	passed: boolean;
	submittedAt: Date;
	submittedBy: 'learner' | 'deadline';
	reveal: boolean;
	/** only when reveal */
	questions: RevealedQuestion[] | null;
}

/** A submitted attempt's result for its owner; null while still open. */
export async function resultForLearner(
	sql: Db,
	userId: number,
	quiz: Quiz,
	attemptId: number,
	now = new Date()
): Promise<ResultView | null> {
	if (!Number.isSafeInteger(attemptId) || attemptId < 1) throw new QuizError('attempt_not_found');
	const [exists] =
		await sql`select 1 from quiz_attempts where id = ${attemptId} and user_id = ${userId} and quiz_id = ${quiz.id}`;
	if (!exists) throw new QuizError('attempt_not_found');
	await finaliseIfOverdue(sql, userId, attemptId, now);
	const [a] = await sql`
		select id, number, paper, answers, submitted_at, submitted_by, score, max_score, passed from quiz_attempts where id = ${attemptId}`;
	if (!a.submitted_at) return null;
	const reveal = mayReveal(quiz.resultsPolicy, quiz.closesAt, now);
	const score = Number(a.score);
	const maxScore = Number(a.max_score);
	let questions: RevealedQuestion[] | null = null;
	if (reveal) {
		questions = (a.paper as PaperItem[]).map((p) => {
			const mark = markQuestion(
				p,
				(a.answers as Answers)[String(p.questionId)],
				quiz.partialCredit
			);
			return {
				questionId: p.questionId,
				kind: p.kind,
				stem: p.stem,
				points: p.points,
				awarded: mark.awarded,
				correct: mark.correct,
				options: p.options.map((id) => ({
					id,
					text: p.texts[id],
					chosen: mark.chosen.includes(id),
					key: p.answer.includes(id)
				})),
				explanation: p.explanation
			};
		});
	}
	return {
		attemptId: Number(a.id),
		number: a.number,
		score,
		maxScore,
		percent: maxScore > 0 ? Math.round((score / maxScore) * 10000) / 100 : 0,
		passed: a.passed,
		submittedAt: a.submitted_at,
		submittedBy: a.submitted_by,
		reveal,
		questions
	};
}
