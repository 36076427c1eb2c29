import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { checkAnswers, drawRandom, shuffled, toLearnerPaper } from './paper.ts';
import type { BankQuestion } from './bank/types.ts';

const bank = (n: number): BankQuestion[] =>
	Array.from({ length: n }, (_, i) => ({
		id: i + 1,
		courseId: 1,
		kind: i % 3 === 0 ? 'single' : i % 3 === 1 ? 'multiple' : 'truefalse',
		stem: `题干${i + 1}`,
		options: i % 3 === 2 ? ['正确', '错误'] : ['甲', '乙', '丙', '丁'],
		answer: i % 3 === 1 ? [0, 2] : [1],
		explanation: `解析${i + 1}`,
		tags: i % 2 ? ['理论'] : ['政策'],
		difficulty: 3
	}));

function seeded(seed: number) {
	let s = seed >>> 0 || 1;
	return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

describe('papers', () => {
	it('shuffle keeps the same items (property)', () => {
		fc.assert(
			fc.property(fc.array(fc.integer()), fc.integer(), (xs, seed) => {
				expect([...shuffled(xs, seeded(seed))].sort()).toEqual([...xs].sort());
			})
		);
	});

	it('a random draw takes distinct questions per rule, shuffles options but keeps option ids and the key', () => {
		fc.assert(
			fc.property(fc.integer(), (seed) => {
				const pool = bank(30);
				const paper = drawRandom(
					pool,
					[
						{ kind: 'single', tag: null, count: 4, points: 1 },
						{ kind: 'multiple', tag: '理论', count: 3, points: 2 },
						{ kind: 'truefalse', tag: null, count: 3, points: 1 }
					],
					{ shuffleQuestions: true, shuffleOptions: true },
					seeded(seed)
				);
				expect(paper).toHaveLength(10);
				expect(new Set(paper.map((p) => p.questionId)).size).toBe(10);
				for (const p of paper) {
					const q = pool.find((x) => x.id === p.questionId)!;
					expect([...p.options].sort()).toEqual(q.options.map((_, i) => i));
					expect(p.answer).toEqual(q.answer);
					expect(p.texts).toEqual(q.options);
					if (p.kind === 'truefalse') expect(p.options).toEqual([0, 1]);
					if (p.kind === 'multiple') expect(q.tags).toContain('理论');
				}
			})
		);
	});

	it('a short pool is refused', () => {
		expect(() =>
			drawRandom(
				bank(6),
				[{ kind: 'single', tag: null, count: 3, points: 1 }],
				{ shuffleQuestions: false, shuffleOptions: false },
				Math.random
			)
		).toThrow(/needs 3/);
	});

	it('the learner paper carries no key and no explanation', () => {
		const paper = drawRandom(
			bank(9),
			[{ kind: 'multiple', tag: null, count: 3, points: 1 }],
			{ shuffleQuestions: true, shuffleOptions: true },
			seeded(7)
		);
		const learner = toLearnerPaper(paper);
		const text = JSON.stringify(learner);
		expect(text).not.toMatch(/answer|explanation|解析/);
		expect(learner[0].options.map((o) => o.id)).toEqual(paper[0].options);
		expect(learner[0].options[0].text).toBe(paper[0].texts[paper[0].options[0]]);
	});

	it('answers are checked against the paper', () => {
		const paper = drawRandom(
			bank(9),
			[
				{ kind: 'single', tag: null, count: 1, points: 1 },
				{ kind: 'multiple', tag: null, count: 1, points: 1 }
			],
			{ shuffleQuestions: false, shuffleOptions: false },
			seeded(1)
		);
		const [s, mq] = paper.map((p) => String(p.questionId));
		expect(checkAnswers(paper, { [s]: [2], [mq]: [3, 0, 0] })).toEqual({
			ok: true,
			value: { [s]: [2], [mq]: [0, 3] }
		});
		expect(checkAnswers(paper, { [s]: [] })).toEqual({ ok: true, value: {} });
		expect(checkAnswers(paper, { '99999': [0] })).toMatchObject({
			ok: false,
			problem: { code: 'unknown_question' }
		});
		expect(checkAnswers(paper, { [s]: [4] })).toMatchObject({
			ok: false,
			problem: { code: 'unknown_option' }
		});
		expect(checkAnswers(paper, { [s]: ['1'] })).toMatchObject({
			ok: false,
			problem: { code: 'unknown_option' }
		});
		expect(checkAnswers(paper, { [s]: [0, 1] })).toMatchObject({
			ok: false,
			problem: { code: 'single_many' }
		});
		expect(checkAnswers(paper, [1])).toMatchObject({ ok: false, problem: { code: 'bad_answers' } });
		expect(checkAnswers(paper, { [s]: 1 })).toMatchObject({
			ok: false,
			problem: { code: 'bad_answers' }
		});
		fc.assert(
			fc.property(fc.anything(), (x) => {
				const r = checkAnswers(paper, x);
				if (r.ok)
					for (const [k, v] of Object.entries(r.value)) {
						expect([s, mq]).toContain(k);
						expect(v.length).toBeGreaterThan(0);
					}
			})
		);
	});
});
