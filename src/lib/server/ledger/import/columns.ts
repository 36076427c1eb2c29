// Columns of the past-records import: Chinese header names (as in the
// template), English accepted too. Header spelling is normalised the way the
// roster import does it ("工号*", full-width, a note in brackets).
import { normaliseHeader } from '../../org/roster-import/columns.ts';

export const COLUMNS = [
	'employee_no',
	'day',
	'kind',
	'hours',
	'note',
	'title',
	'organisation',
	'place',
	'starts_on',
	'ends_on'
] as const;
export type ColumnKey = (typeof COLUMNS)[number];

export const REQUIRED_COLUMNS: readonly ColumnKey[] = ['employee_no', 'kind', 'hours'];

export const TEMPLATE_HEADERS: Record<ColumnKey, string> = {
	employee_no: '工号',
	day: '日期',
	kind: '类别',
	hours: '学时',
	note: '说明',
	title: '名称',
	organisation: '承办或挂职单位',
	place: '地点',
	starts_on: '开始日期',
	ends_on: '结束日期'
};

const ALIASES: Record<string, ColumnKey> = {
	工号: 'employee_no',
	员工编号: 'employee_no',
	employee_no: 'employee_no',
	日期: 'day',
	录入日期: 'day',
	date: 'day',
	day: 'day',
	类别: 'kind',
	来源: 'kind',
	类型: 'kind',
	kind: 'kind',
	source: 'kind',
	学时: 'hours',
	hours: 'hours',
	说明: 'note',
	备注: 'note',
	事由: 'note',
	note: 'note',
	reason: 'note',
	名称: 'title',
	培训名称: 'title',
	培训班名称: 'title',
	title: 'title',
	承办或挂职单位: 'organisation',
	承办单位: 'organisation',
	挂职单位: 'organisation',
	机构: 'organisation',
	organisation: 'organisation',
	organization: 'organisation',
	地点: 'place',
	place: 'place',
	开始日期: 'starts_on',
	starts_on: 'starts_on',
	start: 'starts_on',
	结束日期: 'ends_on',
	ends_on: 'ends_on',
	end: 'ends_on'
};

/** Each known column's position in the header row (extra columns are ignored), or the missing ones. */
export function resolveHeader(
	cells: string[]
): { ok: true; index: Partial<Record<ColumnKey, number>> } | { ok: false; missing: ColumnKey[] } {
	const index: Partial<Record<ColumnKey, number>> = {};
	cells.forEach((cell, i) => {
		const norm = normaliseHeader(cell);
		const key = Object.hasOwn(ALIASES, norm) ? ALIASES[norm] : undefined;
		if (key && index[key] === undefined) index[key] = i;
	});
	const missing = REQUIRED_COLUMNS.filter((c) => index[c] === undefined);
	return missing.length ? { ok: false, missing } : { ok: true, index };
}
