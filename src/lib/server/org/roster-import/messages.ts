// Import problems in the UI language (the request's locale unless given).
import { m } from '../../../paraglide/messages.js';
import type { AnyColumnKey } from './columns.ts';
import type { FileError, RowError } from './errors.ts';

import type { Locale } from '../../../paraglide/runtime.js';
const o = (locale?: Locale) => (locale ? { locale } : undefined);
const s = (v: string | number | undefined) => String(v ?? '');

export function columnLabel(column: AnyColumnKey, locale?: Locale): string {
	switch (column) {
		case 'employee_no':
			return m.import_col_employee_no({}, o(locale));
		case 'name':
			return m.import_col_name({}, o(locale));
		case 'unit':
			return m.import_col_unit({}, o(locale));
		case 'rank_level':
			return m.import_col_rank_level({}, o(locale));
		case 'position':
			return m.import_col_position({}, o(locale));
		case 'phone':
			return m.import_col_phone({}, o(locale));
		case 'specialised_post':
			return m.import_col_specialised_post({}, o(locale));
	}
}

export function fileErrorMessage(e: FileError, locale?: Locale): string {
	const p = e.params;
	switch (e.code) {
		case 'unsupported_type':
			return m.import_err_unsupported_type({}, o(locale));
		case 'file_too_large':
			return m.import_err_file_too_large({ maxMb: s(p.maxMb) }, o(locale));
		case 'empty_file':
			return m.import_err_empty_file({}, o(locale));
		case 'unreadable':
			return m.import_err_unreadable({}, o(locale));
		case 'missing_header':
			return m.import_err_missing_header({ columns: s(p.columns) }, o(locale));
		case 'too_many_rows':
			return m.import_err_too_many_rows({ rows: s(p.rows), max: s(p.max) }, o(locale));
		case 'password_required':
			return m.import_err_password_required({}, o(locale));
		case 'password_too_short':
			return m.import_err_password_too_short({ min: s(p.min) }, o(locale));
		case 'password_too_long':
			return m.import_err_password_too_long({ max: s(p.max) }, o(locale));
	}
}

export function rowErrorMessage(e: RowError, locale?: Locale): string {
	const p = e.params;
	switch (e.code) {
		case 'required':
			return m.import_err_required({}, o(locale));
		case 'bad_employee_no':
			return m.import_err_bad_employee_no({ value: s(p.value) }, o(locale));
		case 'duplicate_employee_no':
			return m.import_err_duplicate_employee_no(
				{ value: s(p.value), first: s(p.first) },
				o(locale)
			);
		case 'unknown_unit':
			return m.import_err_unknown_unit({ value: s(p.value) }, o(locale));
		case 'bad_rank':
			return m.import_err_bad_rank({ value: s(p.value) }, o(locale));
		case 'too_long':
			return m.import_err_too_long({ max: s(p.max) }, o(locale));
		case 'bad_phone':
			return m.import_err_bad_phone({ value: s(p.value) }, o(locale));
		case 'bad_flag':
			return m.import_err_bad_flag({ value: s(p.value) }, o(locale));
		case 'number_not_text':
			return m.import_err_number_not_text({ value: s(p.value) }, o(locale));
	}
}
