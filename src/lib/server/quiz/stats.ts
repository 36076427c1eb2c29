// The lecturer's results of a quiz: score distribution (graded attempts, in
// ten 10-point bands of the percentage), pass rate (people who passed at
// least once / people with a graded attempt), and per question how often it
// was answered fully right and which wrong option was chosen most. Papers are
// read with a cursor so a quiz with thousands of attempts is not held at once.
import type { Db } from '../db/index.ts';
import { markQuestion } from './grading.ts';
import type { Answers, PaperItem, Quiz } from './types.ts';

export interface QuestionStat {
	questionId: number;
	kind: string;
	stem: string;
	shown: number;
	correct: number;
	/** the wrong option chosen most often (text), with how many chose it */
	topWrong: { text: string; count: number } | null;
}

export interface QuizStats {
	attempts: number;
	people: number;
	passedPeople: number;
	passRate: number;
	averagePercent: number;
	bands: number[]; // 10 bands: [0,10) … [90,100]
	questions: QuestionStat[];
}

export async function quizStats(sql: Db, quiz: Quiz): Promise<QuizStats> {
	const [people] = await sql`
		select count(distinct user_id)::int as people, count(distinct user_id) filter (where passed)::int as passed
		from quiz_attempts where quiz_id = ${quiz.id} and submitted_at is not null`;
	const bands = new Array(10).fill(0);
	const byQuestion = new Map<
		number,
		QuestionStat & { wrong: Map<number, number>; texts: string[] }
	>();
	let attempts = 0;
	let percentSum = 0;
	await sql`
		select paper, answers, score, max_score from quiz_attempts
		where quiz_id = ${quiz.id} and submitted_at is not null`.cursor(500, (rows) => {
		for (const r of rows) {
			attempts++;
			const pct = Number(r.max_score) > 0 ? (Number(r.score) / Number(r.max_score)) * 100 : 0;
			percentSum += pct;
			bands[Math.min(9, Math.floor(pct / 10))]++;
			for (const p of r.paper as PaperItem[]) {
				let s = byQuestion.get(p.questionId);
				if (!s) {
					s = {
						questionId: p.questionId,
						kind: p.kind,
						stem: p.stem,
						shown: 0,
						correct: 0,
						topWrong: null,
						wrong: new Map(),
						texts: p.texts
					};
					byQuestion.set(p.questionId, s);
				}
				const mark = markQuestion(p, (r.answers as Answers)[String(p.questionId)], false);
				s.shown++;
				if (mark.correct) s.correct++;
				for (const c of mark.chosen)
					if (!p.answer.includes(c)) s.wrong.set(c, (s.wrong.get(c) ?? 0) + 1);
			}
		}
	});
	const questions = [...byQuestion.values()]
		.map(({ wrong, texts, ...s }) => {
			const top = [...wrong.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0];
			return { ...s, topWrong: top ? { text: texts[top[0]] ?? '', count: top[1] } : null };
		})
		.sort((a, b) => a.correct / a.shown - b.correct / b.shown || a.questionId - b.questionId);
	return {
		attempts,
		people: people.people,
		passedPeople: people.passed,
		passRate: people.people ? Math.round((people.passed / people.people) * 1000) / 10 : 0,
		averagePercent: attempts ? Math.round((percentSum / attempts) * 10) / 10 : 0,
		bands,
		questions
	};
}
