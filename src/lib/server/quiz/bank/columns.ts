// The bank template's columns, as Chinese exam platforms lay them out:
// 题型, 题干, 选项A…选项H, 答案, 解析, 难度, 标签. English headers are accepted too.
import { MAX_OPTIONS } from './types.ts';

export const OPTION_COLUMNS = [
	'optA',
	'optB',
	'optC',
	'optD',
	'optE',
	'optF',
	'optG',
	'optH'
] as const;
export const COLUMNS = [
	'kind',
	'stem',
	...OPTION_COLUMNS,
	'answer',
	'explanation',
	'difficulty',
	'tags'
] as const;
export type BankColumn = (typeof COLUMNS)[number];

/** A file must have these; the rest default to empty (and options C…H are optional). */
export const REQUIRED_COLUMNS: readonly BankColumn[] = ['kind', 'stem', 'optA', 'optB', 'answer'];

const letters = 'ABCDEFGH';

export const HEADERS: Record<BankColumn, string> = {
	kind: '题型',
	stem: '题干',
	...(Object.fromEntries(OPTION_COLUMNS.map((c, i) => [c, `选项${letters[i]}`])) as Record<
		(typeof OPTION_COLUMNS)[number],
		string
	>),
	answer: '答案',
	explanation: '解析',
	difficulty: '难度',
	tags: '标签'
};

export const optionColumn = (i: number): BankColumn =>
	OPTION_COLUMNS[Math.min(Math.max(i, 0), MAX_OPTIONS - 1)];

const ALIASES: Record<string, BankColumn> = {
	题型: 'kind',
	题目类型: 'kind',
	试题类型: 'kind',
	类型: 'kind',
	type: 'kind',
	kind: 'kind',
	题干: 'stem',
	题目: 'stem',
	试题: 'stem',
	题目内容: 'stem',
	stem: 'stem',
	question: 'stem',
	答案: 'answer',
	正确答案: 'answer',
	标准答案: 'answer',
	answer: 'answer',
	解析: 'explanation',
	答案解析: 'explanation',
	试题解析: 'explanation',
	explanation: 'explanation',
	难度: 'difficulty',
	难易度: 'difficulty',
	难易程度: 'difficulty',
	difficulty: 'difficulty',
	标签: 'tags',
	知识点: 'tags',
	tags: 'tags',
	tag: 'tags'
};
for (let i = 0; i < MAX_OPTIONS; i++) {
	const l = letters[i];
	for (const name of [
		`选项${l}`,
		`选项${l.toLowerCase()}`,
		`option${l.toLowerCase()}`,
		`option_${l.toLowerCase()}`,
		l.toLowerCase()
	]) {
		ALIASES[name] = OPTION_COLUMNS[i];
	}
}

export function normaliseHeader(text: string): string {
	return text
		.normalize('NFKC')
		.replace(/^\uFEFF/, '')
		.replace(/[\s*]+/g, '') // "题干*" marks required columns in some templates
		.replace(/[(（][^)）]*[)）]$/, '') // "难度(1-5)"
		.toLowerCase();
}

export type HeaderResult =
	{ ok: true; index: Partial<Record<BankColumn, number>> } | { ok: false; missing: BankColumn[] };

/** Finds each known column's position in the header row; unknown columns are ignored. */
export function resolveHeader(cells: string[]): HeaderResult {
	const index: Partial<Record<BankColumn, number>> = {};
	cells.forEach((cell, i) => {
		const norm = normaliseHeader(cell);
		const key = Object.hasOwn(ALIASES, norm) ? ALIASES[norm] : undefined;
		if (key && index[key] === undefined) index[key] = i;
	});
	const missing = REQUIRED_COLUMNS.filter((c) => index[c] === undefined);
	return missing.length ? { ok: false, missing } : { ok: true, index };
}
