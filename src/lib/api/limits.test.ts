// The limits a form shows are the limits the server checks: no component
// types its own number, and each server check allows exactly the shared limit.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as limits from './limits.ts';
import { checkDescription, checkTitle } from '../server/courses/validation.ts';
import { chatBody, questionBody } from '../server/live/room/validate.ts';
import { normaliseUnitName } from '../server/org/units.ts';
import { validateNewPassword } from '../server/auth/passwords.ts';
import { checkQuizInput, type RawQuiz } from '../server/quiz/quiz-input.ts';
import { KINDS } from '../server/quiz/bank/types.ts';
import { parseClassForm } from '../server/classes/forms.ts';

function svelteFiles(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
		const p = path.join(dir, e.name);
		if (e.isDirectory()) return e.name === 'paraglide' ? [] : svelteFiles(p);
		return e.name.endsWith('.svelte') ? [p] : [];
	});
}

describe('form limits', () => {
	it('no component writes a length limit as a literal', () => {
		const literal = /\b(maxlength|minlength)=["']?\d/;
		const offenders = svelteFiles('src').flatMap((f) =>
			readFileSync(f, 'utf8')
				.split('\n')
				.flatMap((line, i) => (literal.test(line) ? [`${f}:${i + 1}: ${line.trim()}`] : []))
		);
		expect(offenders).toEqual([]);
	});

	const at = (n: number) => '学'.repeat(n);
	const refuses = (f: () => unknown) => expect(f).toThrow();

	it('course title and description: the limit passes, one more is refused', () => {
		expect(checkTitle(at(limits.course.title))).toHaveLength(limits.course.title);
		refuses(() => checkTitle(at(limits.course.title + 1)));
		expect(checkDescription(at(limits.course.description))).toHaveLength(limits.course.description);
		refuses(() => checkDescription(at(limits.course.description + 1)));
	});

	it('live chat and questions', () => {
		expect(chatBody(at(limits.live.chat))).toHaveLength(limits.live.chat);
		refuses(() => chatBody(at(limits.live.chat + 1)));
		expect(questionBody(at(limits.live.question))).toHaveLength(limits.live.question);
		refuses(() => questionBody(at(limits.live.question + 1)));
	});

	it('unit names and new passwords', () => {
		expect(normaliseUnitName(at(limits.unit.name))).toHaveLength(limits.unit.name);
		refuses(() => normaliseUnitName(at(limits.unit.name + 1)));
		const pw = (n: number) => 'a1'.repeat(n / 2);
		expect(validateNewPassword(pw(limits.account.passwordMax), 'x001')).toBeNull();
		expect(validateNewPassword(pw(limits.account.passwordMax + 2), 'x001')).toBe('too_long');
		expect(validateNewPassword(pw(limits.account.passwordMin), 'x001')).toBeNull();
		expect(validateNewPassword(pw(limits.account.passwordMin - 2), 'x001')).toBe('too_short');
	});

	it('quiz settings: the bounds the form shows are the bounds the server checks', () => {
		const q = limits.quiz;
		const check = (o: Partial<RawQuiz>, rule: Partial<RawQuiz['rules'][number]> = {}) =>
			checkQuizInput({
				title: '测验',
				mode: 'random',
				timeLimitMinutes: '',
				maxAttempts: '',
				passPercent: '60',
				resultsPolicy: 'after_submit',
				partialCredit: false,
				shuffleQuestions: false,
				shuffleOptions: false,
				required: false,
				opensAt: '',
				closesAt: '',
				lessonId: '',
				questions: [],
				rules: [{ kind: KINDS[0], tag: '', count: '1', points: '1', ...rule }],
				...o
			});
		for (const [field, b] of [
			['timeLimitMinutes', q.timeLimitMinutes],
			['maxAttempts', q.attempts],
			['passPercent', q.passPercent]
		] as const) {
			check({ [field]: String(b.min) });
			check({ [field]: String(b.max) });
			refuses(() => check({ [field]: String(b.min - 1) }));
			refuses(() => check({ [field]: String(b.max + 1) }));
		}
		check({}, { count: String(q.ruleCount.max) });
		refuses(() => check({}, { count: String(q.ruleCount.max + 1) }));
		check({}, { points: String(q.points.min) });
		check({}, { points: String(q.points.max) });
		refuses(() => check({}, { points: String(q.points.min - 0.5) }));
		refuses(() => check({}, { points: String(q.points.max + 0.5) }));
	});

	it('a class’s completion share: the bounds the form shows are the bounds the server checks', () => {
		const share = (v: number) => {
			const f = new FormData();
			for (const [k, x] of Object.entries({
				title: '班次',
				groupCode: 'economy',
				startsOn: '2026-05-01',
				endsOn: '2026-05-05',
				locationText: '州委党校',
				capacity: '50',
				completionPercent: String(v)
			}))
				f.set(k, x);
			return parseClassForm(f, 1).ok;
		};
		const { min, max } = limits.classes.completionPercent;
		expect([share(min), share(max), share(min - 1), share(max + 1)]).toEqual([
			true,
			true,
			false,
			false
		]);
	});
});
