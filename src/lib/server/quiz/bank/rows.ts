// Sheet rows → questions. Cell texts are parsed (题型, 答案 letters, 难度
// words), then every row goes through validateQuestion — the same checks as
// the edit form — and each problem is reported with its row and column.
import { COLUMNS, OPTION_COLUMNS, optionColumn, type BankColumn } from './columns.ts';
import { parseTags, validateQuestion, type InputError, type InputErrorCode } from './input.ts';
import type { RawRow } from './read.ts';
import type { QuestionInput, QuestionKind } from './types.ts';

export type RowErrorCode = InputErrorCode | 'bad_answer';

export interface RowError {
	/** Row number as the spreadsheet shows it (header = row 1). */
	row: number;
	column: BankColumn;
	code: RowErrorCode;
	params: Record<string, string | number>;
}

const KIND_WORDS: Record<string, QuestionKind> = {
	单选题: 'single',
	单选: 'single',
	单项选择题: 'single',
	单项选择: 'single',
	single: 'single',
	多选题: 'multiple',
	多选: 'multiple',
	多项选择题: 'multiple',
	多项选择: 'multiple',
	不定项选择题: 'multiple',
	multiple: 'multiple',
	判断题: 'truefalse',
	判断: 'truefalse',
	truefalse: 'truefalse',
	'true/false': 'truefalse'
};

export const KIND_LABELS: Record<QuestionKind, string> = {
	single: '单选题',
	multiple: '多选题',
	truefalse: '判断题'
};

export function parseKind(text: string): QuestionKind | null {
	const k = text.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
	return Object.hasOwn(KIND_WORDS, k) ? KIND_WORDS[k] : null;
}

const TRUE_WORDS = ['正确', '对', '是', '√', '✓', 't', 'true', 'a', 'y', 'yes'];
const FALSE_WORDS = ['错误', '错', '否', '×', '✗', '✕', 'x', 'f', 'false', 'b', 'n', 'no'];

/** Option ids from an answer cell; null when it cannot be read at all. */
export function parseAnswer(text: string, kind: QuestionKind | null): number[] | null {
	const t = text.normalize('NFKC').trim().toLowerCase();
	if (t === '') return [];
	if (kind === 'truefalse') {
		if (TRUE_WORDS.includes(t)) return [0];
		if (FALSE_WORDS.includes(t)) return [1];
		// "C" and the like: a letter, reported as not among the options
	}
	const letters = t.toUpperCase().replace(/[\s,、;/|]+/g, '');
	if (!/^[A-Z]+$/.test(letters)) return null;
	return [...letters].map((c) => c.charCodeAt(0) - 65);
}

const DIFFICULTY_WORDS: Record<string, number> = {
	易: 1,
	容易: 1,
	简单: 1,
	较易: 2,
	较容易: 2,
	较简单: 2,
	中: 3,
	中等: 3,
	一般: 3,
	适中: 3,
	较难: 4,
	较困难: 4,
	难: 5,
	困难: 5
};
export const DIFFICULTY_LABELS = ['易', '较易', '中等', '较难', '难'] as const;
export const DEFAULT_DIFFICULTY = 3;

/** 1–5 or a word; empty means the default (中等); null when unreadable. */
export function parseDifficulty(text: string): number | null {
	const t = text.normalize('NFKC').replace(/\s+/g, '');
	if (t === '') return DEFAULT_DIFFICULTY;
	if (/^[1-5](\.0+)?$/.test(t)) return Number(t);
	return Object.hasOwn(DIFFICULTY_WORDS, t) ? DIFFICULTY_WORDS[t] : null;
}

/** Every row checked, every problem kept: the lecturer fixes the whole file in one go. */
export function validateRows(
	rows: RawRow[],
	shared = false
): { valid: QuestionInput[]; validRows: number[]; errors: RowError[] } {
	const valid: QuestionInput[] = [];
	/** the sheet row of each valid question */
	const validRows: number[] = [];
	const errors: RowError[] = [];
	const col = (c: BankColumn) => COLUMNS.indexOf(c);
	for (const { row, values } of rows) {
		const cell = (c: BankColumn) => values[col(c)] ?? '';
		const own: RowError[] = [];
		const kindText = cell('kind').trim();
		const kind = parseKind(kindText);
		if (kindText === '') own.push({ row, column: 'kind', code: 'required', params: {} });
		const answer = parseAnswer(cell('answer'), kind);
		if (answer === null)
			own.push({
				row,
				column: 'answer',
				code: 'bad_answer',
				params: { value: cell('answer').trim() }
			});
		const difficulty = parseDifficulty(cell('difficulty'));
		if (difficulty === null)
			own.push({
				row,
				column: 'difficulty',
				code: 'bad_difficulty',
				params: { value: cell('difficulty').trim() }
			});
		const options = OPTION_COLUMNS.map((c) => cell(c));
		const result = validateQuestion({
			kind: kind ?? kindText,
			stem: cell('stem'),
			options,
			answer: answer ?? [],
			explanation: cell('explanation'),
			tags: parseTags(cell('tags')),
			difficulty: difficulty ?? DEFAULT_DIFFICULTY,
			shared
		});
		const theirs = result.ok
			? []
			: result.errors.map((e) => ({
					row,
					column: columnOf(e, options),
					code: e.code,
					params: e.params
				}));
		// one message per cell: our reading error explains the cell better than a follow-on check
		const rowErrors = [...own, ...theirs.filter((e) => !own.some((o) => o.column === e.column))];
		if (rowErrors.length) errors.push(...rowErrors);
		else if (result.ok) {
			valid.push(result.value);
			validRows.push(row);
		}
	}
	return { valid, validRows, errors };
}

function columnOf(e: InputError, options: string[]): BankColumn {
	if (e.field !== 'options') return e.field;
	if (e.option !== undefined) return optionColumn(e.option);
	if (e.code === 'truefalse_options')
		return optionColumn(options.findIndex((o) => o.trim() !== ''));
	if (e.code === 'too_few_options')
		return optionColumn(options.filter((o) => o.trim() !== '').length);
	return 'optA';
}
