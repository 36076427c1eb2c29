// The lecturer's quiz form → a checked QuizInput, or a QuizError naming the
// first problem. Times are entered in the organisation's zone (datetime-local
// has no zone; $lib/server/clock, default Asia/Shanghai).
import * as limits from '../../api/limits.ts';
import { fromWallClock, wallClock } from '../clock/index.ts';
import { KINDS, MAX_TAG, type QuestionKind } from './bank/types.ts';
import { QuizError } from './errors.ts';
import {
	RESULTS_POLICIES,
	type DrawRule,
	type FixedQuestion,
	type QuizInput,
	type ResultsPolicy
} from './types.ts';

export interface RawQuiz {
	title: string;
	mode: string;
	timeLimitMinutes: string;
	maxAttempts: string;
	passPercent: string;
	resultsPolicy: string;
	partialCredit: boolean;
	shuffleQuestions: boolean;
	shuffleOptions: boolean;
	required: boolean;
	opensAt: string;
	closesAt: string;
	lessonId: string;
	rules: { kind: string; tag: string; count: string; points: string }[];
	questions: { questionId: string; points: string }[];
}

const INT = /^\d{1,6}$/;
const NUM = /^\d{1,6}(\.\d{1,2})?$/;

/** 'YYYY-MM-DDTHH:mm' (the organisation's zone) → Date; '' → null. */
export function parseBeijing(value: string): Date | null {
	const v = value.trim();
	if (!v) return null;
	if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?$/.test(v)) throw new QuizError('date_invalid');
	const at = fromWallClock(v);
	if (!at) throw new QuizError('date_invalid');
	return at;
}

/** Date → 'YYYY-MM-DDTHH:mm' in the organisation's zone (for the form's datetime-local). */
export function toBeijingInput(at: Date | null): string {
	return at ? wallClock(at) : '';
}

function points(value: string): number {
	const v = value.trim() || '1';
	if (!NUM.test(v)) throw new QuizError('points_invalid');
	const p = Number(v);
	if (p < limits.quiz.points.min || p > limits.quiz.points.max)
		throw new QuizError('points_invalid');
	return p;
}

export function checkQuizInput(raw: RawQuiz): QuizInput {
	const title = raw.title.trim();
	if (!title) throw new QuizError('title_empty');
	if (title.length > limits.quiz.title) throw new QuizError('title_too_long');
	if (raw.mode !== 'fixed' && raw.mode !== 'random') throw new QuizError('mode_invalid');
	const tl = raw.timeLimitMinutes.trim();
	const { timeLimitMinutes: tlm, attempts, passPercent } = limits.quiz;
	if (tl && (!INT.test(tl) || Number(tl) < tlm.min || Number(tl) > tlm.max))
		throw new QuizError('time_limit_invalid');
	const ma = raw.maxAttempts.trim();
	if (ma && (!INT.test(ma) || Number(ma) < attempts.min || Number(ma) > attempts.max))
		throw new QuizError('attempts_invalid');
	const pp = raw.passPercent.trim();
	if (!NUM.test(pp) || Number(pp) < passPercent.min || Number(pp) > passPercent.max)
		throw new QuizError('pass_invalid');
	if (!(RESULTS_POLICIES as readonly string[]).includes(raw.resultsPolicy))
		throw new QuizError('policy_invalid');
	const opensAt = parseBeijing(raw.opensAt);
	const closesAt = parseBeijing(raw.closesAt);
	if (opensAt && closesAt && opensAt >= closesAt) throw new QuizError('window_invalid');
	if (raw.resultsPolicy === 'after_deadline' && !closesAt)
		throw new QuizError('policy_needs_close');
	const li = raw.lessonId.trim();
	if (li && !/^[1-9]\d{0,9}$/.test(li)) throw new QuizError('lesson_invalid');

	const rules: DrawRule[] = [];
	const questions: FixedQuestion[] = [];
	if (raw.mode === 'random') {
		raw.rules.forEach((r, i) => {
			const count = r.count.trim();
			if (!count || count === '0') return; // an empty row of the form
			const tag = r.tag.trim();
			if (
				!(KINDS as readonly string[]).includes(r.kind) ||
				!INT.test(count) ||
				Number(count) > limits.quiz.ruleCount.max ||
				tag.length > MAX_TAG
			) {
				throw new QuizError('rule_invalid', { row: i + 1 });
			}
			rules.push({
				kind: r.kind as QuestionKind,
				tag: tag || null,
				count: Number(count),
				points: points(r.points)
			});
		});
		if (!rules.length) throw new QuizError('rules_empty');
	} else {
		const seen = new Set<number>();
		for (const q of raw.questions) {
			if (!/^[1-9]\d{0,9}$/.test(q.questionId)) throw new QuizError('malformed');
			const id = Number(q.questionId);
			if (seen.has(id)) continue;
			seen.add(id);
			questions.push({ questionId: id, points: points(q.points) });
		}
		if (!questions.length) throw new QuizError('fixed_empty');
	}
	return {
		title,
		mode: raw.mode,
		timeLimitSeconds: tl ? Number(tl) * 60 : null,
		maxAttempts: ma ? Number(ma) : null,
		passPercent: Number(pp),
		resultsPolicy: raw.resultsPolicy as ResultsPolicy,
		partialCredit: raw.partialCredit,
		shuffleQuestions: raw.shuffleQuestions,
		shuffleOptions: raw.shuffleOptions,
		required: raw.required,
		opensAt,
		closesAt,
		lessonId: li ? Number(li) : null,
		rules,
		questions
	};
}
