import { describe, expect, it } from 'vitest';
import { COLUMNS } from './columns.ts';
import { columnLabel, fileErrorMessage, problemMessage } from './messages.ts';
import type { FileErrorCode } from './read.ts';
import type { RowErrorCode } from './rows.ts';

const ROW_CODES: RowErrorCode[] = [
	'bad_kind',
	'required',
	'too_long',
	'too_few_options',
	'too_many_options',
	'option_gap',
	'answer_not_option',
	'single_many_answers',
	'truefalse_options',
	'bad_difficulty',
	'too_many_tags',
	'duplicate_option',
	'bad_answer'
];
const FILE_CODES: FileErrorCode[] = [
	'unsupported_type',
	'file_too_large',
	'empty_file',
	'unreadable',
	'missing_header',
	'too_many_rows'
];
const params = { value: 'E', max: 9, min: 2, option: 'C', maxMb: 10, columns: '答案', rows: 2001 };

describe('bank messages', () => {
	it('every problem and column reads in both languages, parameters filled in', () => {
		for (const locale of ['zh-CN', 'en'] as const) {
			const texts = [
				...ROW_CODES.map((code) => problemMessage({ code, params }, locale)),
				...FILE_CODES.map((code) => fileErrorMessage({ code, params }, locale)),
				...COLUMNS.map((c) => columnLabel(c, locale))
			];
			for (const text of texts) {
				expect(text).toBeTruthy();
				expect(text).not.toMatch(/[{}]|undefined/);
			}
			expect(new Set(ROW_CODES.map((code) => problemMessage({ code, params }, locale))).size).toBe(
				ROW_CODES.length
			);
		}
		expect(columnLabel('optE', 'zh-CN')).toBe('选项E');
		expect(columnLabel('optE', 'en')).toBe('Option E (选项E)');
		expect(problemMessage({ code: 'answer_not_option', params: { value: 'E' } }, 'en')).toBe(
			'Answer "E" is not among the filled options.'
		);
		expect(problemMessage({ code: 'required', params: {}, column: 'answer' }, 'zh-CN')).toBe(
			'请填写正确答案。'
		);
	});
});
