// The checks every administrator's entry passes, field by field, shared by
// the forms and the import: amounts, days, texts. Each problem is a code
// (+ params) rendered in the UI language by messages.ts; nothing is written
// while any exists.
import { ledger as limits } from '../../api/limits.ts';

export type EntryProblem =
	| 'required'
	| 'not_number'
	| 'not_positive'
	| 'too_many' // { max }
	| 'precision' // more than two decimals
	| 'date_invalid'
	| 'date_future' // { today }
	| 'date_too_early' // { min }
	| 'end_before_start'
	| 'too_long' // { max }
	| 'bad_kind' // { value }
	| 'unknown_person' // { value }
	| 'bad_attachment' // not a PDF, JPEG or PNG by its bytes
	| 'attachment_too_large' // { mb }
	| 'duplicate_row' // { first }
	| 'number_not_text'; // { value }: an identifier stored as a number shown in a format we cannot reproduce

export type Params = Record<string, string | number>;
export type Check<T> = { ok: true; value: T } | { ok: false; code: EntryProblem; params?: Params };

const bad = (code: EntryProblem, params?: Params): Check<never> => ({ ok: false, code, params });

/** 学时: a positive number with at most two decimals, at most `max`. */
export function checkHours(raw: string, max: number): Check<number> {
	const text = raw.normalize('NFKC').trim();
	if (text === '') return bad('required');
	if (!/^[-+]?\d+(\.\d+)?$/.test(text)) return bad('not_number');
	const v = Number(text);
	if (!(v > 0)) return bad('not_positive');
	if (v > max) return bad('too_many', { max });
	if ((text.split('.')[1] ?? '').replace(/0+$/, '').length > 2) return bad('precision');
	return { ok: true, value: v };
}

/** A day typed as 2024-03-05, 2024/3/5, 2024.3.5 or 2024年3月5日 → YYYY-MM-DD, or null. */
export function normaliseDay(raw: string): string | null {
	const text = raw.normalize('NFKC').trim();
	const m = text.match(/^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/);
	if (!m) return null;
	const day = `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`;
	const d = new Date(`${day}T00:00:00Z`);
	return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === day ? day : null;
}

/** A day from the first allowed one up to `today` (YYYY-MM-DD in the organisation's zone). */
export function checkDay(raw: string, today: string): Check<string> {
	if (raw.trim() === '') return bad('required');
	const day = normaliseDay(raw);
	if (!day) return bad('date_invalid');
	if (day < limits.earliestDay) return bad('date_too_early', { min: limits.earliestDay });
	if (day > today) return bad('date_future', { today });
	return { ok: true, value: day };
}

/** Trimmed text of at most `max` characters; `required` refuses an empty one. */
export function checkText(raw: string, max: number, required: boolean): Check<string> {
	const text = raw.trim();
	if (required && text === '') return bad('required');
	if ([...text].length > max) return bad('too_long', { max });
	return { ok: true, value: text };
}

/** The kind of an entry an administrator records, from a form value or a 类别 cell. */
export function parseEnteredSource(raw: string): 'manual' | 'out_of_region' | 'secondment' | null {
	const t = raw
		.normalize('NFKC')
		.trim()
		.toLowerCase()
		.replace(/[\s-]+/g, '_');
	if (['manual', '手工', '手工录入', '手动录入', '其他', '其它'].includes(t)) return 'manual';
	if (['out_of_region', '异地培训', '异地', '区外培训'].includes(t)) return 'out_of_region';
	if (['secondment', '挂职锻炼', '挂职'].includes(t)) return 'secondment';
	return null;
}
