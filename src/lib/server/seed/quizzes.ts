// Demo quizzes: each demo course gets a published random-draw quiz over its
// demo question bank (seeded by the bank's seedDemoBank), so `learner` can take
// one right after `npm start`: 5 questions, pass at 60%, 3 attempts, answers
// shown after submitting, 20 minutes. Courses without a bank get none.
// Only the first course's quiz is `required` (completing that course needs the
// pass); the others are practice quizzes, so watching a demo course through
// still completes it (the programme demo and its e2e rely on that).
import type { Db } from '../db/index.ts';
import { inTransaction } from '../db/tx.ts';
import { poolQuestions } from '../quiz/pool.ts';
import { createQuiz, setQuizStatus } from '../quiz/quizzes.ts';
import type { QuizInput } from '../quiz/types.ts';
import type { DrawRule, QuestionKind } from '../quiz/types.ts';
import { DEMO_COURSES } from './courses.ts';

const TARGET = 5;

/** Up to TARGET questions: 2 true/false, 1 multiple, the rest single, topped up from whatever kind has more. */
export function demoRules(counts: Record<QuestionKind, number>): DrawRule[] {
	const take: Record<QuestionKind, number> = { single: 0, multiple: 0, truefalse: 0 };
	take.truefalse = Math.min(2, counts.truefalse);
	take.multiple = Math.min(1, counts.multiple);
	take.single = Math.min(TARGET - take.truefalse - take.multiple, counts.single);
	for (const k of ['single', 'truefalse', 'multiple'] as const) {
		const room = TARGET - take.single - take.multiple - take.truefalse;
		take[k] += Math.min(room, counts[k] - take[k]);
	}
	return (['single', 'multiple', 'truefalse'] as const)
		.filter((k) => take[k] > 0)
		.map((k) => ({
			kind: k,
			tag: null,
			count: take[k],
			points: 100 / (take.single + take.multiple + take.truefalse)
		}));
}

export async function seedDemoQuizzes(sql: Db): Promise<number> {
	const [lecturer] = await sql<
		{ id: number }[]
	>`select id from users where employee_no = 'lecturer'`;
	if (!lecturer) return 0;
	let made = 0;
	for (const [i, c] of DEMO_COURSES.entries()) {
		const [course] = await sql<
			{ id: number }[]
		>`select id from courses where title = ${c.title} order by id limit 1`;
		if (!course) continue;
		const pool = await poolQuestions(sql, course.id);
		const counts = { single: 0, multiple: 0, truefalse: 0 };
		for (const q of pool) counts[q.kind]++;
		const rules = demoRules(counts);
		if (!rules.length) continue;
		const input: QuizInput = {
			title: `${c.title} · 课程测验`,
			mode: 'random',
			timeLimitSeconds: 20 * 60,
			maxAttempts: 3,
			passPercent: 60,
			resultsPolicy: 'after_submit',
			partialCredit: false,
			shuffleQuestions: true,
			shuffleOptions: true,
			required: i === 0,
			opensAt: null,
			closesAt: null,
			lessonId: null,
			rules: rules.map((r) => ({ ...r, points: Math.round(r.points * 100) / 100 })),
			questions: []
		};
		await inTransaction(sql, async (tx) => {
			const id = await createQuiz(tx, course.id, lecturer.id, input);
			await setQuizStatus(tx, course.id, id, 'published');
		});
		made++;
	}
	return made;
}
