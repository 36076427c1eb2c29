// One question's checks, shared by the edit form and the xlsx import, so both
// accept exactly the same questions. Problems come back per field as codes
// (rendered in the UI language by messages.ts).
import {
	KINDS,
	MAX_DIFFICULTY,
	MAX_EXPLANATION,
	MAX_OPTION,
	MAX_OPTIONS,
	MAX_STEM,
	MAX_TAG,
	MAX_TAGS,
	MIN_DIFFICULTY,
	MIN_OPTIONS,
	TRUE_FALSE_OPTIONS,
	type QuestionInput,
	type QuestionKind
} from './types.ts';

export type QuestionField =
	'kind' | 'stem' | 'options' | 'answer' | 'explanation' | 'difficulty' | 'tags';

export type InputErrorCode =
	| 'bad_kind'
	| 'required'
	| 'too_long' // { max }
	| 'too_few_options' // { min }
	| 'too_many_options' // { max }
	| 'option_gap' // { option } an empty option before a filled one
	| 'answer_not_option' // { value }
	| 'single_many_answers'
	| 'truefalse_options'
	| 'bad_difficulty' // { value }
	| 'too_many_tags' // { max }
	| 'duplicate_option'; // { option }

export interface InputError {
	field: QuestionField;
	/** for option errors: which option (0-based), so a form/sheet can point at it */
	option?: number;
	code: InputErrorCode;
	params: Record<string, string | number>;
}

/** Raw fields as a form or a sheet row gives them (before checks). */
export interface RawQuestion {
	kind: string;
	stem: string;
	/** option texts in order A…H ('' = empty); for true/false ignored unless filled */
	options: string[];
	answer: number[];
	explanation: string;
	tags: string[];
	difficulty: number | null;
	shared?: boolean;
}

export const letter = (i: number) => String.fromCharCode(65 + i);

const len = (s: string) => [...s].length;

export function isKind(v: string): v is QuestionKind {
	return (KINDS as readonly string[]).includes(v);
}

/** Splits a tag cell/field on commas, 、, ；, ; and whitespace-trims; drops empties and duplicates. */
export function parseTags(text: string): string[] {
	const out: string[] = [];
	for (const t of text.normalize('NFKC').split(/[,、;\n]/)) {
		const tag = t.trim();
		if (tag && !out.includes(tag)) out.push(tag);
	}
	return out;
}

/** Control characters (other than tab and newline) break xlsx and PostgreSQL text: drop them. */
export function cleanText(s: string): string {
	return (
		s
			.replace(/\r\n?/g, '\n')
			// eslint-disable-next-line no-control-regex -- stripping control characters is the point
			.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '')
			.trim()
	);
}

export function validateQuestion(
	raw: RawQuestion
): { ok: true; value: QuestionInput } | { ok: false; errors: InputError[] } {
	const errors: InputError[] = [];
	const push = (
		field: QuestionField,
		code: InputErrorCode,
		params: InputError['params'] = {},
		option?: number
	) =>
		errors.push(option === undefined ? { field, code, params } : { field, option, code, params });

	const kind = raw.kind;
	if (!isKind(kind)) push('kind', 'bad_kind', { value: kind });

	const stem = cleanText(raw.stem);
	if (stem === '') push('stem', 'required');
	else if (len(stem) > MAX_STEM) push('stem', 'too_long', { max: MAX_STEM });

	let options = raw.options.map(cleanText);
	if (kind === 'truefalse') {
		if (options.some((o) => o !== '')) push('options', 'truefalse_options');
		options = [...TRUE_FALSE_OPTIONS];
	} else if (isKind(kind)) {
		const lastFilled = options.reduce((last, o, i) => (o !== '' ? i : last), -1);
		const gap = options.findIndex((o, i) => o === '' && i < lastFilled);
		if (gap >= 0) push('options', 'option_gap', { option: letter(gap) }, gap);
		options = options.slice(0, lastFilled + 1);
		const filled = options.filter((o) => o !== '');
		if (filled.length < MIN_OPTIONS) push('options', 'too_few_options', { min: MIN_OPTIONS });
		if (options.length > MAX_OPTIONS) push('options', 'too_many_options', { max: MAX_OPTIONS });
		options.forEach((o, i) => {
			if (len(o) > MAX_OPTION)
				push('options', 'too_long', { max: MAX_OPTION, option: letter(i) }, i);
			else if (o !== '' && options.indexOf(o) < i)
				push('options', 'duplicate_option', { option: letter(i) }, i);
		});
	}

	const answer = [...new Set(raw.answer)].sort((a, b) => a - b);
	if (answer.length === 0) push('answer', 'required');
	else if (isKind(kind)) {
		const bad = answer.find(
			(a) =>
				!Number.isInteger(a) ||
				a < 0 ||
				a >= Math.max(options.length, kind === 'truefalse' ? 2 : 0) ||
				options[a] === ''
		);
		if (bad !== undefined)
			push('answer', 'answer_not_option', {
				value: Number.isInteger(bad) && bad >= 0 && bad < 26 ? letter(bad) : String(bad)
			});
		else if (kind !== 'multiple' && answer.length > 1) push('answer', 'single_many_answers');
	}

	const explanation = cleanText(raw.explanation);
	if (len(explanation) > MAX_EXPLANATION) push('explanation', 'too_long', { max: MAX_EXPLANATION });

	const difficulty = raw.difficulty;
	if (
		difficulty === null ||
		!Number.isInteger(difficulty) ||
		difficulty < MIN_DIFFICULTY ||
		difficulty > MAX_DIFFICULTY
	) {
		push('difficulty', 'bad_difficulty', { value: difficulty === null ? '' : String(difficulty) });
	}

	// split again: a tag never contains a separator, so tags survive an export → import
	const tags = [...new Set(raw.tags.flatMap((t) => parseTags(cleanText(t))))];
	if (tags.length > MAX_TAGS) push('tags', 'too_many_tags', { max: MAX_TAGS });
	else if (tags.some((t) => len(t) > MAX_TAG)) push('tags', 'too_long', { max: MAX_TAG });

	if (errors.length) return { ok: false, errors };
	return {
		ok: true,
		value: {
			kind: kind as QuestionKind,
			stem,
			options,
			answer,
			explanation,
			tags,
			difficulty: difficulty!,
			shared: raw.shared ?? false
		}
	};
}
