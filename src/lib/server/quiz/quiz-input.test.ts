import { describe, expect, it } from 'vitest';
import { QuizError } from './errors.ts';
import { checkQuizInput, parseBeijing, toBeijingInput, type RawQuiz } from './quiz-input.ts';

const raw = (over: Partial<RawQuiz> = {}): RawQuiz => ({
	title: '测验',
	mode: 'random',
	timeLimitMinutes: '',
	maxAttempts: '',
	passPercent: '60',
	resultsPolicy: 'after_submit',
	partialCredit: false,
	shuffleQuestions: true,
	shuffleOptions: true,
	required: true,
	opensAt: '',
	closesAt: '',
	lessonId: '',
	rules: [
		{ kind: 'single', tag: '', count: '3', points: '' },
		{ kind: 'multiple', tag: '', count: '', points: '1' }
	],
	questions: [],
	...over
});
const code = (r: RawQuiz) => {
	try {
		checkQuizInput(r);
		return 'ok';
	} catch (e) {
		return (e as QuizError).code;
	}
};

describe('quiz input', () => {
	it('accepts a random draw; empty rule rows are ignored; defaults apply', () => {
		const q = checkQuizInput(raw());
		expect(q.rules).toEqual([{ kind: 'single', tag: null, count: 3, points: 1 }]);
		expect(q).toMatchObject({ timeLimitSeconds: null, maxAttempts: null, passPercent: 60 });
	});

	it('refuses each bad field with its own code', () => {
		expect(code(raw({ title: '  ' }))).toBe('title_empty');
		expect(code(raw({ title: '题'.repeat(201) }))).toBe('title_too_long');
		expect(code(raw({ mode: 'x' }))).toBe('mode_invalid');
		expect(code(raw({ timeLimitMinutes: '361' }))).toBe('time_limit_invalid');
		expect(code(raw({ timeLimitMinutes: '1.5' }))).toBe('time_limit_invalid');
		expect(code(raw({ maxAttempts: '0' }))).toBe('attempts_invalid');
		expect(code(raw({ passPercent: '101' }))).toBe('pass_invalid');
		expect(code(raw({ resultsPolicy: 'sometimes' }))).toBe('policy_invalid');
		expect(code(raw({ resultsPolicy: 'after_deadline' }))).toBe('policy_needs_close');
		expect(code(raw({ opensAt: '2026-06-02T10:00', closesAt: '2026-06-01T10:00' }))).toBe(
			'window_invalid'
		);
		expect(code(raw({ opensAt: '2026-02-30T10:00' }))).toBe('date_invalid');
		expect(code(raw({ rules: [{ kind: 'essay', tag: '', count: '2', points: '1' }] }))).toBe(
			'rule_invalid'
		);
		expect(code(raw({ rules: [{ kind: 'single', tag: '', count: '', points: '1' }] }))).toBe(
			'rules_empty'
		);
		expect(code(raw({ rules: [{ kind: 'single', tag: '', count: '2', points: '0.1' }] }))).toBe(
			'points_invalid'
		);
		expect(code(raw({ mode: 'fixed' }))).toBe('fixed_empty');
		expect(code(raw({ mode: 'fixed', questions: [{ questionId: '-1', points: '1' }] }))).toBe(
			'malformed'
		);
	});

	it('Beijing wall time round-trips', () => {
		const at = parseBeijing('2026-06-01T08:30')!;
		expect(at.toISOString()).toBe('2026-06-01T00:30:00.000Z');
		expect(toBeijingInput(at)).toBe('2026-06-01T08:30');
		expect(parseBeijing('')).toBeNull();
	});
});
