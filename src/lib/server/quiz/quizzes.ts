// Quizzes of a course: read, create, edit, publish. Writes run in one
// transaction (the quiz row, its rules or fixed questions) and check the
// questions against the course's usable pool, so nothing half-written stays.
import type { Db } from '../db/index.ts';
import { inTransaction } from '../db/tx.ts';
import { QuizError } from './errors.ts';
import { drawFixed, drawRandom, ShortPoolError } from './paper.ts';
import { poolQuestions } from './pool.ts';
import type { Quiz, QuizInput, QuizStatus } from './types.ts';
import { isId } from '../../api/ids.ts';

type Row = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function toQuiz(r: Row, rules: Row[], questions: Row[]): Quiz {
	return {
		id: r.id,
		courseId: r.course_id,
		lessonId: r.lesson_id,
		title: r.title,
		mode: r.mode,
		timeLimitSeconds: r.time_limit_seconds,
		maxAttempts: r.max_attempts,
		passPercent: Number(r.pass_percent),
		resultsPolicy: r.results_policy,
		partialCredit: r.partial_credit,
		shuffleQuestions: r.shuffle_questions,
		shuffleOptions: r.shuffle_options,
		required: r.required,
		opensAt: r.opens_at,
		closesAt: r.closes_at,
		status: r.status,
		rules: rules.map((x) => ({
			kind: x.kind,
			tag: x.tag,
			count: x.count,
			points: Number(x.points)
		})),
		questions: questions.map((x) => ({ questionId: x.question_id, points: Number(x.points) }))
	};
}

/** The quiz with its rules/questions; null when unknown or (with courseId) of another course. */
export async function getQuiz(sql: Db, quizId: number, courseId?: number): Promise<Quiz | null> {
	if (!isId(quizId)) return null;
	const [r] = await sql`select * from quizzes where id = ${quizId}`;
	if (!r || (courseId !== undefined && r.course_id !== courseId)) return null;
	const [rules, questions] = await Promise.all([
		sql`select kind, tag, count, points from quiz_draw_rules where quiz_id = ${quizId} order by id`,
		sql`select question_id, points from quiz_questions where quiz_id = ${quizId} order by position`
	]);
	return toQuiz(r, rules, questions);
}

export interface QuizSummary {
	id: number;
	title: string;
	status: QuizStatus;
	mode: 'fixed' | 'random';
	required: boolean;
	questions: number;
	attempts: number;
	people: number;
	closesAt: Date | null;
}

export async function listQuizzes(
	sql: Db,
	courseId: number,
	onlyPublished = false
): Promise<QuizSummary[]> {
	const rows = await sql`
		select q.id, q.title, q.status, q.mode, q.required, q.closes_at,
			case when q.mode = 'random' then (select coalesce(sum(count), 0) from quiz_draw_rules r where r.quiz_id = q.id)
				else (select count(*) from quiz_questions x where x.quiz_id = q.id) end::int as questions,
			(select count(*) from quiz_attempts a where a.quiz_id = q.id and a.submitted_at is not null)::int as attempts,
			(select count(distinct user_id) from quiz_attempts a where a.quiz_id = q.id)::int as people
		from quizzes q
		where q.course_id = ${courseId} ${onlyPublished ? sql`and q.status = 'published'` : sql``}
		order by q.id`;
	return rows.map((r) => ({
		id: r.id,
		title: r.title,
		status: r.status,
		mode: r.mode,
		required: r.required,
		questions: r.questions,
		attempts: r.attempts,
		people: r.people,
		closesAt: r.closes_at
	}));
}

async function checkLesson(sql: Db, courseId: number, lessonId: number | null) {
	if (lessonId === null) return;
	const [l] = await sql`select 1 from lessons where id = ${lessonId} and course_id = ${courseId}`;
	if (!l) throw new QuizError('lesson_invalid');
}

/** Fixed questions must all be in the course's usable pool. */
async function checkQuestions(sql: Db, courseId: number, input: QuizInput) {
	if (input.mode !== 'fixed') return;
	const ids = input.questions.map((q) => q.questionId);
	const found = new Set((await poolQuestions(sql, courseId, { ids })).map((q) => q.id));
	const missing = ids.find((id) => !found.has(id));
	if (missing !== undefined) throw new QuizError('question_not_usable', { id: missing });
}

async function writeParts(tx: Db, quizId: number, input: QuizInput) {
	await tx`delete from quiz_draw_rules where quiz_id = ${quizId}`;
	await tx`delete from quiz_questions where quiz_id = ${quizId}`;
	for (const r of input.rules) {
		await tx`insert into quiz_draw_rules (quiz_id, kind, tag, count, points) values (${quizId}, ${r.kind}, ${r.tag}, ${r.count}, ${r.points})`;
	}
	for (const [i, q] of input.questions.entries()) {
		await tx`insert into quiz_questions (quiz_id, question_id, position, points) values (${quizId}, ${q.questionId}, ${i}, ${q.points})`;
	}
}

function columns(input: QuizInput) {
	return {
		lesson_id: input.lessonId,
		title: input.title,
		mode: input.mode,
		time_limit_seconds: input.timeLimitSeconds,
		max_attempts: input.maxAttempts,
		pass_percent: input.passPercent,
		results_policy: input.resultsPolicy,
		partial_credit: input.partialCredit,
		shuffle_questions: input.shuffleQuestions,
		shuffle_options: input.shuffleOptions,
		required: input.required,
		opens_at: input.opensAt,
		closes_at: input.closesAt
	};
}

export async function createQuiz(
	sql: Db,
	courseId: number,
	createdBy: number,
	input: QuizInput
): Promise<number> {
	return inTransaction(sql, async (tx) => {
		await checkLesson(tx, courseId, input.lessonId);
		await checkQuestions(tx, courseId, input);
		const [q] =
			await tx`insert into quizzes ${tx({ ...columns(input), course_id: courseId, created_by: createdBy })} returning id`;
		await writeParts(tx, q.id, input);
		return q.id as number;
	});
}

/** Edits a quiz. Running attempts keep their frozen papers; a published quiz must still be drawable. */
export async function updateQuiz(
	sql: Db,
	courseId: number,
	quizId: number,
	input: QuizInput
): Promise<void> {
	await inTransaction(sql, async (tx) => {
		const [q] =
			await tx`select status from quizzes where id = ${quizId} and course_id = ${courseId} for update`;
		if (!q) throw new QuizError('not_found');
		await checkLesson(tx, courseId, input.lessonId);
		await checkQuestions(tx, courseId, input);
		await tx`update quizzes set ${tx(columns(input))}, updated_at = now() where id = ${quizId}`;
		await writeParts(tx, quizId, input);
		if (q.status === 'published') await assertDrawable(tx, (await getQuiz(tx, quizId))!);
	});
}

/** Throws pool_short when the bank cannot fill a paper of this quiz now. */
export async function assertDrawable(sql: Db, quiz: Quiz): Promise<void> {
	const pool = await poolQuestions(sql, quiz.courseId);
	try {
		if (quiz.mode === 'random') drawRandom(pool, quiz.rules, quiz, Math.random);
		else drawFixed(pool, quiz.questions, quiz, Math.random);
	} catch (e) {
		if (e instanceof ShortPoolError) throw poolShort(e);
		throw e;
	}
}

export function poolShort(e: ShortPoolError): QuizError {
	return new QuizError('pool_short', {
		kind: e.rule.kind,
		tag: e.rule.tag ?? '—',
		available: e.available,
		count: e.rule.count
	});
}

const TRANSITIONS: Record<QuizStatus, QuizStatus[]> = {
	draft: ['published'],
	published: ['draft', 'archived'],
	archived: ['published']
};

export async function setQuizStatus(
	sql: Db,
	courseId: number,
	quizId: number,
	to: string
): Promise<QuizStatus> {
	return inTransaction(sql, async (tx) => {
		const quiz = await getQuiz(tx, quizId, courseId);
		if (!quiz) throw new QuizError('not_found');
		if (!(TRANSITIONS[quiz.status] as string[]).includes(to)) throw new QuizError('status_invalid');
		if (to === 'published') await assertDrawable(tx, quiz);
		await tx`update quizzes set status = ${to}, updated_at = now() where id = ${quizId}`;
		return to as QuizStatus;
	});
}
