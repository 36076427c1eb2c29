// Row validation of the past-records import: every row checked, every
// problem collected with its row and column. A row becomes an entry with a
// stable source id (a digest of what identifies it), so importing the same
// file again writes nothing new; the same entry twice in one file is an error.
import { createHash } from 'node:crypto';
import { ledger as limits } from '../../../api/limits.ts';
import { asciiFold } from '../../org/roster-import/validate.ts';
import {
	checkDay,
	checkHours,
	checkText,
	parseEnteredSource,
	type Check,
	type EntryProblem,
	type Params
} from '../checks.ts';
import type { NewEntry } from '../write.ts';
import type { ColumnKey } from './columns.ts';
import type { RawRow } from './read.ts';

export interface RowError {
	row: number;
	column: ColumnKey;
	code: EntryProblem;
	params: Params;
}

export const sourceIdOf = (parts: (string | number)[]) =>
	'import:' + createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 40);

/** `people`: lower-cased 工号 → user id, for the 工号 in the file. */
export function validateRows(
	rows: RawRow[],
	people: Map<string, number>,
	today: string
): { valid: NewEntry[]; errors: RowError[] } {
	const valid: NewEntry[] = [];
	const errors: RowError[] = [];
	const firstRowOf = new Map<string, number>();
	for (const { row, values: v, inexactEmployeeNo } of rows) {
		const before = errors.length;
		const take = <T>(column: ColumnKey, c: Check<T>): T | undefined => {
			if (c.ok) return c.value;
			errors.push({ row, column, code: c.code, params: c.params ?? {} });
			return undefined;
		};
		const employeeNo = asciiFold(v.employee_no);
		let userId: number | undefined;
		if (inexactEmployeeNo)
			errors.push({
				row,
				column: 'employee_no',
				code: 'number_not_text',
				params: { value: v.employee_no }
			});
		else if (employeeNo === '')
			errors.push({ row, column: 'employee_no', code: 'required', params: {} });
		else {
			userId = people.get(employeeNo.toLowerCase());
			if (userId === undefined)
				errors.push({
					row,
					column: 'employee_no',
					code: 'unknown_person',
					params: { value: employeeNo }
				});
		}
		const kind = v.kind === '' ? null : parseEnteredSource(v.kind);
		if (v.kind === '') errors.push({ row, column: 'kind', code: 'required', params: {} });
		else if (!kind)
			errors.push({ row, column: 'kind', code: 'bad_kind', params: { value: v.kind } });
		const isRecord = kind === 'out_of_region' || kind === 'secondment';
		const max = isRecord ? limits.recordHoursMax : limits.entryHoursMax;
		const hours = take('hours', checkHours(v.hours, max));
		const note = take('note', checkText(v.note, limits.reason, kind === 'manual'));
		let entry: Omit<NewEntry, 'userId' | 'hours'> | undefined;
		let identity: (string | number)[] = [];
		if (kind === 'manual') {
			const day = take('day', checkDay(v.day, today));
			if (day && note !== undefined) {
				entry = { source: 'manual', sourceId: '', day, note };
				identity = [day, hours ?? '', note];
			}
		} else if (isRecord) {
			const title = take('title', checkText(v.title, limits.title, true));
			const organisation = take(
				'organisation',
				checkText(v.organisation, limits.organisation, true)
			);
			const place = take('place', checkText(v.place, limits.place, false));
			const startsOn = take('starts_on', checkDay(v.starts_on, today));
			const endsOn = take('ends_on', checkDay(v.ends_on, today));
			if (startsOn && endsOn && endsOn < startsOn)
				errors.push({ row, column: 'ends_on', code: 'end_before_start', params: {} });
			else if (title && organisation !== undefined && place !== undefined && startsOn && endsOn)
				entry = {
					source: kind,
					sourceId: '',
					day: endsOn,
					note: note ?? '',
					record: { kind, title, organisation, place, startsOn, endsOn }
				};
			identity = [startsOn ?? '', endsOn ?? '', title ?? ''];
		}
		if (errors.length > before || !entry || userId === undefined || hours === undefined) continue;
		const sourceId = sourceIdOf([employeeNo.toLowerCase(), entry.source, ...identity]);
		const first = firstRowOf.get(sourceId);
		if (first !== undefined) {
			errors.push({ row, column: 'employee_no', code: 'duplicate_row', params: { first } });
			continue;
		}
		firstRowOf.set(sourceId, row);
		valid.push({ ...entry, userId, hours, sourceId });
	}
	return { valid, errors };
}
