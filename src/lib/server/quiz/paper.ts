// Papers: drawn once when an attempt starts and frozen in quiz_attempts.paper.
// Pure functions (the random source is passed in, so tests are repeatable).
import type { BankQuestion } from './bank/types.ts';
import { QuizError } from './errors.ts';
import type { Answers, DrawRule, FixedQuestion, LearnerPaperItem, PaperItem } from './types.ts';

export type Rng = () => number; // [0, 1)

/** Fisher–Yates on a copy. */
export function shuffled<T>(items: readonly T[], rng: Rng): T[] {
	const out = [...items];
	for (let i = out.length - 1; i > 0; i--) {
		const j = Math.floor(rng() * (i + 1));
		[out[i], out[j]] = [out[j], out[i]];
	}
	return out;
}

function toItem(q: BankQuestion, points: number, shuffleOptions: boolean, rng: Rng): PaperItem {
	const ids = q.options.map((_, i) => i);
	return {
		questionId: q.id,
		kind: q.kind,
		points,
		stem: q.stem,
		// 正确/错误 keep their order: shuffling two fixed words only confuses.
		options: shuffleOptions && q.kind !== 'truefalse' ? shuffled(ids, rng) : ids,
		texts: [...q.options],
		answer: [...q.answer].sort((a, b) => a - b),
		explanation: q.explanation
	};
}

export class ShortPoolError extends Error {
	constructor(
		public readonly rule: DrawRule,
		public readonly available: number
	) {
		super(`quiz: pool has ${available} for ${rule.kind}/${rule.tag ?? '*'}, needs ${rule.count}`);
	}
}

/**
 * A random paper: for each rule, `count` distinct questions of its kind (and
 * tag) not already drawn by an earlier rule. Throws ShortPoolError when the
 * pool cannot satisfy a rule.
 */
export function drawRandom(
	pool: readonly BankQuestion[],
	rules: readonly DrawRule[],
	o: { shuffleQuestions: boolean; shuffleOptions: boolean },
	rng: Rng
): PaperItem[] {
	const used = new Set<number>();
	const items: PaperItem[] = [];
	for (const rule of rules) {
		const candidates = pool.filter(
			(q) =>
				q.kind === rule.kind && (rule.tag === null || q.tags.includes(rule.tag)) && !used.has(q.id)
		);
		if (candidates.length < rule.count) throw new ShortPoolError(rule, candidates.length);
		for (const q of shuffled(candidates, rng).slice(0, rule.count)) {
			used.add(q.id);
			items.push(toItem(q, rule.points, o.shuffleOptions, rng));
		}
	}
	return o.shuffleQuestions ? shuffled(items, rng) : items;
}

/** A fixed paper: the quiz's questions in their order (shuffled if asked). A question no longer usable → QuizError. */
export function drawFixed(
	pool: readonly BankQuestion[],
	fixed: readonly FixedQuestion[],
	o: { shuffleQuestions: boolean; shuffleOptions: boolean },
	rng: Rng
): PaperItem[] {
	const byId = new Map(pool.map((q) => [q.id, q]));
	const items = fixed.map((f) => {
		const q = byId.get(f.questionId);
		if (!q) throw new QuizError('question_not_usable', { id: f.questionId });
		return toItem(q, f.points, o.shuffleOptions, rng);
	});
	return o.shuffleQuestions ? shuffled(items, rng) : items;
}

/**
 * The learner's copy of a paper, field by field (never a spread of the server
 * item: a new server-only field must not leak by default).
 */
export function toLearnerPaper(paper: readonly PaperItem[]): LearnerPaperItem[] {
	return paper.map((p) => ({
		questionId: p.questionId,
		kind: p.kind,
		points: p.points,
		stem: p.stem,
		options: p.options.map((id) => ({ id, text: p.texts[id] }))
	}));
}

export type AnswersProblem =
	| { code: 'bad_answers' }
	| { code: 'unknown_question'; questionId: string }
	| { code: 'unknown_option'; questionId: string; option: unknown }
	| { code: 'single_many'; questionId: string };

/**
 * Checks answers against the paper: an object of question id → option ids;
 * every question must be in the paper, every option id one of that question's,
 * single/true-false at most one. Empty lists mean "not answered" and are dropped.
 */
export function checkAnswers(
	paper: readonly PaperItem[],
	raw: unknown
): { ok: true; value: Answers } | { ok: false; problem: AnswersProblem } {
	if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
		return { ok: false, problem: { code: 'bad_answers' } };
	const byId = new Map(paper.map((p) => [String(p.questionId), p]));
	const out: Answers = {};
	for (const [qid, value] of Object.entries(raw as Record<string, unknown>)) {
		const item = byId.get(qid);
		if (!item) return { ok: false, problem: { code: 'unknown_question', questionId: qid } };
		if (!Array.isArray(value) || value.length > item.texts.length)
			return { ok: false, problem: { code: 'bad_answers' } };
		const ids = new Set<number>();
		for (const v of value) {
			if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v >= item.texts.length) {
				return { ok: false, problem: { code: 'unknown_option', questionId: qid, option: v } };
			}
			ids.add(v);
		}
		if (item.kind !== 'multiple' && ids.size > 1)
			return { ok: false, problem: { code: 'single_many', questionId: qid } };
		if (ids.size) out[qid] = [...ids].sort((a, b) => a - b);
	}
	return { ok: true, value: out };
}
