// Import problems as codes + params, rendered in the UI language by messages.ts.
import * as limits from '../../../api/limits.ts';
import type { AnyColumnKey } from './columns.ts';

export type FileErrorCode =
	| 'unsupported_type' // params: {}
	| 'file_too_large' // params: { maxMb }
	| 'empty_file'
	| 'unreadable'
	| 'missing_header' // params: { columns } (header names, comma-separated)
	| 'too_many_rows' // params: { max, rows }
	| 'password_required'
	| 'password_too_short' // params: { min }
	| 'password_too_long'; // params: { max }

export type RowErrorCode =
	| 'required' // the cell is empty
	| 'bad_employee_no'
	| 'duplicate_employee_no' // params: { first } (row of the first occurrence)
	| 'unknown_unit' // params: { value }
	| 'bad_rank' // params: { value }
	| 'too_long' // params: { max }
	| 'bad_phone' // params: { value }
	| 'bad_flag' // params: { value } (not 是/否)
	| 'number_not_text'; // params: { value } (an identifier stored as a number shown in a format we cannot reproduce)

export type ErrorParams = Record<string, string | number>;

export interface FileError {
	code: FileErrorCode;
	params: ErrorParams;
}

export interface RowError {
	/** Row number as the spreadsheet shows it (the header is row 1). */
	row: number;
	column: AnyColumnKey;
	code: RowErrorCode;
	params: ErrorParams;
}

export const MAX_FILE_BYTES = limits.files.roster;
export const MAX_ROWS = 100_000;
export const MIN_PASSWORD = limits.account.passwordMin;
export const MAX_PASSWORD = limits.account.passwordMax;
