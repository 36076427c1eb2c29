import { describe, expect, it } from 'vitest';
import { parseTags, validateQuestion, type RawQuestion } from './input.ts';

const base: RawQuestion = {
	kind: 'single',
	stem: ' 题干 ',
	options: ['甲', '乙', '丙', '', '', '', '', ''],
	answer: [1],
	explanation: '',
	tags: [],
	difficulty: 3
};
const codes = (raw: Partial<RawQuestion>) => {
	const r = validateQuestion({ ...base, ...raw });
	return r.ok ? [] : r.errors.map((e) => `${e.field}:${e.code}`);
};

describe('validateQuestion', () => {
	it('accepts a good question, trimming texts and dropping trailing empty options', () => {
		const r = validateQuestion({ ...base, tags: ['党史，理论', '党史'], shared: true });
		expect(r).toEqual({
			ok: true,
			value: {
				kind: 'single',
				stem: '题干',
				options: ['甲', '乙', '丙'],
				answer: [1],
				explanation: '',
				tags: ['党史', '理论'],
				difficulty: 3,
				shared: true
			}
		});
	});

	it('gives true/false its fixed options', () => {
		const r = validateQuestion({ ...base, kind: 'truefalse', options: [], answer: [1] });
		expect(r.ok && r.value.options).toEqual(['正确', '错误']);
	});

	it('names every problem', () => {
		expect(codes({ kind: 'essay' })).toEqual(['kind:bad_kind']);
		expect(codes({ stem: '  ' })).toEqual(['stem:required']);
		expect(codes({ stem: 'x'.repeat(2001) })).toEqual(['stem:too_long']);
		expect(codes({ options: ['甲'], answer: [0] })).toEqual(['options:too_few_options']);
		expect(codes({ options: ['甲', '乙', '', '丁'] })).toEqual(['options:option_gap']);
		expect(codes({ options: ['甲', '甲'], answer: [0] })).toEqual(['options:duplicate_option']);
		expect(codes({ answer: [4] })).toEqual(['answer:answer_not_option']);
		expect(codes({ answer: [] })).toEqual(['answer:required']);
		expect(codes({ answer: [0, 1] })).toEqual(['answer:single_many_answers']);
		expect(codes({ kind: 'multiple', answer: [0, 2] })).toEqual([]);
		expect(codes({ kind: 'truefalse', answer: [0] })).toEqual(['options:truefalse_options']);
		expect(codes({ kind: 'truefalse', options: [], answer: [2] })).toEqual([
			'answer:answer_not_option'
		]);
		expect(codes({ kind: 'truefalse', options: [], answer: [0, 1] })).toEqual([
			'answer:single_many_answers'
		]);
		expect(codes({ difficulty: 6 })).toEqual(['difficulty:bad_difficulty']);
		expect(codes({ difficulty: null })).toEqual(['difficulty:bad_difficulty']);
		expect(codes({ tags: Array.from({ length: 11 }, (_, i) => `t${i}`) })).toEqual([
			'tags:too_many_tags'
		]);
		expect(codes({ tags: ['长'.repeat(31)] })).toEqual(['tags:too_long']);
		expect(codes({ explanation: 'x'.repeat(4001) })).toEqual(['explanation:too_long']);
	});

	it('drops control characters that PostgreSQL and xlsx refuse', () => {
		const r = validateQuestion({ ...base, stem: 'a\u0000b\r\nc' });
		expect(r.ok && r.value.stem).toBe('ab\nc');
	});
});

describe('parseTags', () => {
	it('splits on ASCII and Chinese separators, dropping empties and repeats', () => {
		expect(parseTags('党史, 理论、党章；党史;; 新时代')).toEqual([
			'党史',
			'理论',
			'党章',
			'新时代'
		]);
		expect(parseTags('')).toEqual([]);
	});
});
