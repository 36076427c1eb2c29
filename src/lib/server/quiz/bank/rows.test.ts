import { describe, expect, it } from 'vitest';
import { COLUMNS, type BankColumn } from './columns.ts';
import { parseAnswer, parseDifficulty, parseKind, validateRows } from './rows.ts';

/** A sheet row from named cells. */
const row = (n: number, cells: Partial<Record<BankColumn, string>>) => ({
	row: n,
	values: COLUMNS.map((c) => cells[c] ?? '')
});
const good = {
	kind: '单选题',
	stem: '题干',
	optA: '甲',
	optB: '乙',
	optC: '丙',
	optD: '丁',
	answer: 'B'
};
const problems = (cells: Partial<Record<BankColumn, string>>) =>
	validateRows([row(2, { ...good, ...cells })]).errors.map((e) => `${e.row}/${e.column}/${e.code}`);

describe('cell readers', () => {
	it('reads types, answers and difficulties as Chinese platforms write them', () => {
		expect(['单选题', '多选', '判断题', ' 多项选择题 ', 'single', '填空题'].map(parseKind)).toEqual(
			['single', 'multiple', 'truefalse', 'multiple', 'single', null]
		);
		expect(parseAnswer('A, b、D', 'multiple')).toEqual([0, 1, 3]);
		expect(parseAnswer('ＡＢ', 'multiple')).toEqual([0, 1]);
		expect(['正确', '错', '对', 'A', 'B', '×'].map((t) => parseAnswer(t, 'truefalse'))).toEqual([
			[0],
			[1],
			[0],
			[0],
			[1],
			[1]
		]);
		expect(parseAnswer('正确', 'single')).toBeNull();
		expect(parseAnswer('', 'single')).toEqual([]);
		expect(['', '1', '5', '较难', '易', '6', '中下'].map(parseDifficulty)).toEqual([
			3,
			1,
			5,
			4,
			1,
			null,
			null
		]);
	});
});

describe('validateRows', () => {
	it('accepts good rows of each type', () => {
		const { valid, errors } = validateRows([
			row(2, good),
			row(3, {
				kind: '多选题',
				stem: '多选',
				optA: '一',
				optB: '二',
				optC: '三',
				answer: 'AC',
				difficulty: '较难',
				tags: '甲、乙'
			}),
			row(4, { kind: '判断题', stem: '判断', answer: '错误', explanation: '因为' })
		]);
		expect(errors).toEqual([]);
		expect(valid.map((q) => [q.kind, q.options.length, q.answer, q.difficulty, q.tags])).toEqual([
			['single', 4, [1], 3, []],
			['multiple', 3, [0, 2], 4, ['甲', '乙']],
			['truefalse', 2, [1], 3, []]
		]);
	});

	it('names the row and column of every problem', () => {
		expect(problems({ kind: '填空题' })).toEqual(['2/kind/bad_kind']);
		expect(problems({ kind: '' })).toEqual(['2/kind/required']);
		expect(problems({ stem: '' })).toEqual(['2/stem/required']);
		expect(problems({ optB: '', optC: '', optD: '', answer: 'A' })).toEqual([
			'2/optB/too_few_options'
		]);
		expect(problems({ optC: '' })).toEqual(['2/optC/option_gap']);
		expect(problems({ answer: 'E' })).toEqual(['2/answer/answer_not_option']);
		expect(problems({ answer: 'AB' })).toEqual(['2/answer/single_many_answers']);
		expect(problems({ answer: '正确' })).toEqual(['2/answer/bad_answer']);
		expect(problems({ answer: '' })).toEqual(['2/answer/required']);
		expect(problems({ kind: '判断题', answer: '正确' })).toEqual(['2/optA/truefalse_options']);
		expect(problems({ difficulty: '很难' })).toEqual(['2/difficulty/bad_difficulty']);
		expect(problems({ stem: '长'.repeat(2001) })).toEqual(['2/stem/too_long']);
		expect(problems({ optD: '长'.repeat(501) })).toEqual(['2/optD/too_long']);
	});

	it('collects problems of every row, and nothing of a bad row is valid', () => {
		const { valid, errors } = validateRows([
			row(2, good),
			row(3, { ...good, answer: 'E' }),
			row(5, { ...good, kind: 'x', stem: '' })
		]);
		expect(valid).toHaveLength(1);
		expect(errors.map((e) => `${e.row}/${e.column}`)).toEqual(['3/answer', '5/kind', '5/stem']);
	});
});
