// Bank problems in the UI language (the request's locale unless given).
import { m } from '../../../paraglide/messages.js';
import type { BankColumn } from './columns.ts';
import type { InputError } from './input.ts';
import type { FileError } from './read.ts';
import type { RowError } from './rows.ts';

import type { Locale } from '../../../paraglide/runtime.js';
const o = (locale?: Locale) => (locale ? { locale } : undefined);
const s = (v: string | number | undefined) => String(v ?? '');

export function columnLabel(column: BankColumn, locale?: Locale): string {
	if (column.startsWith('opt')) return m.bank_col_option({ letter: column.slice(3) }, o(locale));
	switch (column) {
		case 'kind':
			return m.bank_col_kind({}, o(locale));
		case 'stem':
			return m.bank_col_stem({}, o(locale));
		case 'answer':
			return m.bank_col_answer({}, o(locale));
		case 'explanation':
			return m.bank_col_explanation({}, o(locale));
		case 'difficulty':
			return m.bank_col_difficulty({}, o(locale));
		default:
			return m.bank_col_tags({}, o(locale));
	}
}

export function fileErrorMessage(e: FileError, locale?: Locale): string {
	const p = e.params;
	switch (e.code) {
		case 'unsupported_type':
			return m.bank_err_unsupported_type({}, o(locale));
		case 'file_too_large':
			return m.bank_err_file_too_large({ maxMb: s(p.maxMb) }, o(locale));
		case 'empty_file':
			return m.bank_err_empty_file({}, o(locale));
		case 'unreadable':
			return m.bank_err_unreadable({}, o(locale));
		case 'missing_header':
			return m.bank_err_missing_header({ columns: s(p.columns) }, o(locale));
		case 'too_many_rows':
			return m.bank_err_too_many_rows({ rows: s(p.rows), max: s(p.max) }, o(locale));
	}
}

/** One message for a form field or a sheet cell. `column` tells which cell (answer problems read differently). */
export function problemMessage(
	e: Pick<RowError, 'code' | 'params'> & { column?: string },
	locale?: Locale
): string {
	const p = e.params;
	const l = o(locale);
	switch (e.code) {
		case 'bad_kind':
			return m.bank_err_bad_kind({ value: s(p.value) }, l);
		case 'required':
			return e.column === 'answer' ? m.bank_err_answer_required({}, l) : m.bank_err_required({}, l);
		case 'too_long':
			return p.option !== undefined
				? m.bank_err_option_too_long({ option: s(p.option), max: s(p.max) }, l)
				: m.bank_err_too_long({ max: s(p.max) }, l);
		case 'too_few_options':
			return m.bank_err_too_few_options({ min: s(p.min) }, l);
		case 'too_many_options':
			return m.bank_err_too_many_options({ max: s(p.max) }, l);
		case 'option_gap':
			return m.bank_err_option_gap({ option: s(p.option) }, l);
		case 'answer_not_option':
			return m.bank_err_answer_not_option({ value: s(p.value) }, l);
		case 'single_many_answers':
			return m.bank_err_single_many_answers({}, l);
		case 'truefalse_options':
			return m.bank_err_truefalse_options({}, l);
		case 'bad_difficulty':
			return m.bank_err_bad_difficulty({ value: s(p.value) }, l);
		case 'too_many_tags':
			return m.bank_err_too_many_tags({ max: s(p.max) }, l);
		case 'duplicate_option':
			return m.bank_err_duplicate_option({ option: s(p.option) }, l);
		case 'bad_answer':
			return m.bank_err_bad_answer({ value: s(p.value) }, l);
	}
}

/** A form's problems: one message per field (the first), for aria-describedby. */
export function fieldMessages(errors: InputError[], locale?: Locale): Record<string, string> {
	const out: Record<string, string> = {};
	for (const e of errors) out[e.field] ??= problemMessage({ ...e, column: e.field }, locale);
	return out;
}
