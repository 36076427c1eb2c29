// Row validation: every row is checked and every problem collected, with the
// row number and column, so the admin can fix the whole file in one go.
import * as limits from '../../../api/limits.ts';
import { parseRankLevel, type RankLevel } from '../rank-levels.ts';
import { resolveUnitPath } from '../unit-paths.ts';
import type { RowError } from './errors.ts';
import { parseFlag } from './columns.ts';
import type { RawRow } from './read.ts';

/** The roster fields of one person, as stored in users (import and seed both write these). */
export interface PersonRow {
	employeeNo: string;
	name: string;
	unitId: number;
	rankLevel: RankLevel;
	position: string;
	phone: string;
	/** 岗位专业性强/难调岗位; undefined: not in the file or empty (an existing person keeps theirs) */
	specialisedPost?: boolean;
}

export interface ValidRow extends PersonRow {
	/** the spreadsheet row it came from, for error messages */
	row: number;
}

export const EMPLOYEE_NO = /^[A-Za-z0-9_.-]{2,32}$/; // as users.employee_no in 0001
export const MAX_NAME = limits.account.name;
export const MAX_POSITION = limits.account.position;
export const MAX_PHONE = limits.account.phone;

/** Phone: digits with optional +, spaces, dashes, parentheses; 5–20 digits. */
export function isPhone(value: string): boolean {
	if (!/^\+?[\d\s()-]+$/.test(value) || value.length > MAX_PHONE) return false;
	const digits = value.replace(/\D/g, '').length;
	return digits >= 5 && digits <= 20;
}

/** Employee numbers and phones typed with a Chinese IME come full-width: make them ASCII. */
export function asciiFold(value: string): string {
	return value.normalize('NFKC').trim();
}

export function validateRows(
	rows: RawRow[],
	units: Map<string, number>
): { valid: ValidRow[]; errors: RowError[] } {
	const valid: ValidRow[] = [];
	const errors: RowError[] = [];
	const firstRowOf = new Map<string, number>();
	for (const { row, values, inexact, specialised } of rows) {
		const [rawNo, name, unitPath, rawRank, position, rawPhone] = values;
		const before = errors.length;
		const employeeNo = asciiFold(rawNo);
		// A number whose shown text is unknown (e.g. 1.10101E+17) must not become a guessed identifier.
		if (inexact?.includes('employee_no'))
			errors.push({
				row,
				column: 'employee_no',
				code: 'number_not_text',
				params: { value: rawNo }
			});
		else if (employeeNo === '')
			errors.push({ row, column: 'employee_no', code: 'required', params: {} });
		else if (!EMPLOYEE_NO.test(employeeNo))
			errors.push({
				row,
				column: 'employee_no',
				code: 'bad_employee_no',
				params: { value: employeeNo }
			});
		else {
			// Sign-in ignores case (A123 = a123), so duplicates do too.
			const key = employeeNo.toLowerCase();
			const first = firstRowOf.get(key);
			if (first !== undefined)
				errors.push({
					row,
					column: 'employee_no',
					code: 'duplicate_employee_no',
					params: { value: employeeNo, first }
				});
			else firstRowOf.set(key, row);
		}

		if (name === '') errors.push({ row, column: 'name', code: 'required', params: {} });
		else if ([...name].length > MAX_NAME)
			errors.push({ row, column: 'name', code: 'too_long', params: { max: MAX_NAME } });

		let unitId: number | undefined;
		if (unitPath === '') errors.push({ row, column: 'unit', code: 'required', params: {} });
		else {
			unitId = resolveUnitPath(units, unitPath);
			if (unitId === undefined)
				errors.push({ row, column: 'unit', code: 'unknown_unit', params: { value: unitPath } });
		}

		const rankLevel = rawRank === '' ? null : parseRankLevel(rawRank);
		if (rawRank === '') errors.push({ row, column: 'rank_level', code: 'required', params: {} });
		else if (!rankLevel)
			errors.push({ row, column: 'rank_level', code: 'bad_rank', params: { value: rawRank } });

		if ([...position].length > MAX_POSITION)
			errors.push({ row, column: 'position', code: 'too_long', params: { max: MAX_POSITION } });

		const phone = asciiFold(rawPhone);
		if (inexact?.includes('phone'))
			errors.push({ row, column: 'phone', code: 'number_not_text', params: { value: rawPhone } });
		else if (phone.length > MAX_PHONE)
			errors.push({ row, column: 'phone', code: 'too_long', params: { max: MAX_PHONE } });
		else if (phone !== '' && !isPhone(phone))
			errors.push({ row, column: 'phone', code: 'bad_phone', params: { value: phone } });

		const flag = specialised === undefined ? null : parseFlag(specialised);
		if (flag === undefined)
			errors.push({
				row,
				column: 'specialised_post',
				code: 'bad_flag',
				params: { value: specialised ?? '' }
			});

		if (errors.length === before) {
			valid.push({
				row,
				employeeNo,
				name,
				unitId: unitId!,
				rankLevel: rankLevel!,
				position,
				phone,
				...(typeof flag === 'boolean' ? { specialisedPost: flag } : {})
			});
		}
	}
	return { valid, errors };
}
