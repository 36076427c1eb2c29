import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { gradePaper, markQuestion } from './grading.ts';
import type { PaperItem } from './types.ts';

const item = (over: Partial<PaperItem>): PaperItem => ({
	questionId: 1,
	kind: 'single',
	points: 2,
	stem: '题',
	options: [0, 1, 2, 3],
	texts: ['A', 'B', 'C', 'D'],
	answer: [1],
	explanation: '',
	...over
});

describe('grading', () => {
	it('single and true/false: exact only', () => {
		expect(markQuestion(item({}), [1], false).awarded).toBe(2);
		expect(markQuestion(item({}), [0], false).awarded).toBe(0);
		expect(markQuestion(item({}), [], false).awarded).toBe(0);
		expect(markQuestion(item({}), undefined, true).awarded).toBe(0);
		const tf = item({ kind: 'truefalse', options: [0, 1], texts: ['正确', '错误'], answer: [0] });
		expect(markQuestion(tf, [0], true).correct).toBe(true);
		expect(markQuestion(tf, [1], true).awarded).toBe(0);
	});

	it('multiple: all-or-nothing by default, partial credit as a setting, any wrong option → 0', () => {
		const mq = item({ kind: 'multiple', points: 3, answer: [0, 2, 3] });
		expect(markQuestion(mq, [3, 0, 2], false).awarded).toBe(3);
		expect(markQuestion(mq, [0, 2], false).awarded).toBe(0);
		expect(markQuestion(mq, [0, 2], true).awarded).toBe(2);
		expect(markQuestion(mq, [0], true).awarded).toBe(1);
		expect(markQuestion(mq, [0, 1], true).awarded).toBe(0);
		expect(markQuestion(mq, [0, 1, 2, 3], true).awarded).toBe(0);
		expect(
			markQuestion(item({ kind: 'multiple', points: 1, answer: [0, 1, 2] }), [0], true).awarded
		).toBe(0.33);
	});

	it('totals, percent and the pass mark (inclusive)', () => {
		const paper = [
			item({ questionId: 1, points: 3 }),
			item({ questionId: 2, points: 2, answer: [0] })
		];
		const g = gradePaper(paper, { '1': [1], '2': [3] }, { partialCredit: false, passPercent: 60 });
		expect(g).toMatchObject({ score: 3, maxScore: 5, percent: 60, passed: true });
		expect(gradePaper(paper, { '2': [0] }, { partialCredit: false, passPercent: 60 }).passed).toBe(
			false
		);
		expect(gradePaper(paper, {}, { partialCredit: false, passPercent: 60 })).toMatchObject({
			score: 0,
			passed: false
		});
	});

	it('property: 0 ≤ score ≤ max; the key itself scores full; partial credit never scores below all-or-nothing', () => {
		const paperArb = fc.array(
			fc.record({
				n: fc.integer({ min: 2, max: 8 }),
				kind: fc.constantFrom('single', 'multiple', 'truefalse') as fc.Arbitrary<PaperItem['kind']>,
				points: fc.integer({ min: 1, max: 10 }),
				seed: fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }),
				pick: fc.array(fc.boolean(), { minLength: 8, maxLength: 8 })
			}),
			{ minLength: 1, maxLength: 20 }
		);
		fc.assert(
			fc.property(paperArb, (specs) => {
				const paper: PaperItem[] = specs.map((s, i) => {
					const n = s.kind === 'truefalse' ? 2 : s.n;
					const ids = Array.from({ length: n }, (_, k) => k);
					let answer =
						s.kind === 'multiple'
							? ids.filter((k) => s.seed[k])
							: [s.seed.indexOf(true) >= 0 && s.seed.indexOf(true) < n ? s.seed.indexOf(true) : 0];
					if (!answer.length) answer = [0];
					return {
						questionId: i + 1,
						kind: s.kind,
						points: s.points,
						stem: 's',
						options: ids,
						texts: ids.map(String),
						answer,
						explanation: ''
					};
				});
				const chosen = Object.fromEntries(
					specs.map((s, i) => [String(i + 1), paper[i].options.filter((k) => s.pick[k])])
				);
				const strict = gradePaper(paper, chosen, { partialCredit: false, passPercent: 50 });
				const partial = gradePaper(paper, chosen, { partialCredit: true, passPercent: 50 });
				const key = gradePaper(
					paper,
					Object.fromEntries(paper.map((p) => [String(p.questionId), p.answer])),
					{ partialCredit: false, passPercent: 100 }
				);
				expect(strict.score).toBeGreaterThanOrEqual(0);
				expect(partial.score).toBeLessThanOrEqual(partial.maxScore + 1e-9);
				expect(partial.score).toBeGreaterThanOrEqual(strict.score);
				expect(key.score).toBe(key.maxScore);
				expect(key.passed).toBe(true);
			})
		);
	});
});
