// Roster columns: Chinese header names (as in the template), English accepted too.
export const COLUMNS = ['employee_no', 'name', 'unit', 'rank_level', 'position', 'phone'] as const;
export type ColumnKey = (typeof COLUMNS)[number];

export const REQUIRED_COLUMNS: readonly ColumnKey[] = ['employee_no', 'name', 'unit', 'rank_level'];

/** The template's header row. */
export const TEMPLATE_HEADERS: Record<ColumnKey, string> = {
	employee_no: '工号',
	name: '姓名',
	unit: '单位',
	rank_level: '职级',
	position: '职务',
	phone: '手机'
};

/** Accepted header spellings, normalised by normaliseHeader. */
const HEADER_ALIASES: Record<string, ColumnKey> = {
	工号: 'employee_no',
	员工编号: 'employee_no',
	employee_no: 'employee_no',
	employeeno: 'employee_no',
	employee_number: 'employee_no',
	employeenumber: 'employee_no',
	姓名: 'name',
	name: 'name',
	单位: 'unit',
	单位路径: 'unit',
	所在单位: 'unit',
	unit: 'unit',
	unit_path: 'unit',
	unitpath: 'unit',
	职级: 'rank_level',
	rank_level: 'rank_level',
	ranklevel: 'rank_level',
	rank: 'rank_level',
	职务: 'position',
	position: 'position',
	手机: 'phone',
	手机号: 'phone',
	手机号码: 'phone',
	phone: 'phone',
	mobile: 'phone'
};

export function normaliseHeader(text: string): string {
	return text
		.normalize('NFKC')
		.replace(/^\uFEFF/, '')
		.replace(/[\s*]+/g, '') // "工号*" marks required columns in some templates
		.replace(/[(（][^)）]*[)）]$/, '') // "单位（完整路径）"
		.toLowerCase()
		.replace(/[ .-]/g, '_');
}

export type HeaderResult =
	{ ok: true; index: Partial<Record<ColumnKey, number>> } | { ok: false; missing: ColumnKey[] };

/** Finds each known column's position in the header row; extra columns are ignored. */
export function resolveHeader(cells: string[]): HeaderResult {
	const index: Partial<Record<ColumnKey, number>> = {};
	cells.forEach((cell, i) => {
		const norm = normaliseHeader(cell);
		const key = Object.hasOwn(HEADER_ALIASES, norm) ? HEADER_ALIASES[norm] : undefined;
		if (key && index[key] === undefined) index[key] = i;
	});
	const missing = REQUIRED_COLUMNS.filter((c) => index[c] === undefined);
	return missing.length ? { ok: false, missing } : { ok: true, index };
}
