// Roster columns: Chinese header names (as in the template), English accepted too.
export const COLUMNS = ['employee_no', 'name', 'unit', 'rank_level', 'position', 'phone'] as const;
export type ColumnKey = (typeof COLUMNS)[number];

/** Optional columns read beside COLUMNS: present only when the file has them. */
export const FLAG_COLUMNS = ['specialised_post'] as const;
export type FlagColumnKey = (typeof FLAG_COLUMNS)[number];
export type AnyColumnKey = ColumnKey | FlagColumnKey;

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

/** The optional flag column's template header (dispatch, 调训, ranks by it). */
export const FLAG_HEADERS: Record<FlagColumnKey, string> = {
	specialised_post: '岗位专业性强/难调岗位'
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

const FLAG_ALIASES: Record<string, FlagColumnKey> = {
	'岗位专业性强/难调岗位': 'specialised_post',
	岗位专业性强: 'specialised_post',
	难调岗位: 'specialised_post',
	专业性强岗位: 'specialised_post',
	specialised_post: 'specialised_post',
	specialized_post: 'specialised_post',
	specialisedpost: 'specialised_post'
};

/** 是/否 (and yes/no, true/false, 1/0, Y/N): true, false, '' → null, anything else → undefined. */
export function parseFlag(text: string): boolean | null | undefined {
	const t = text.normalize('NFKC').trim().toLowerCase();
	if (t === '') return null;
	if (['是', 'yes', 'y', 'true', '1', '√'].includes(t)) return true;
	if (['否', 'no', 'n', 'false', '0', '×'].includes(t)) return false;
	return undefined;
}

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
	| {
			ok: true;
			index: Partial<Record<ColumnKey, number>>;
			flags: Partial<Record<FlagColumnKey, number>>;
	  }
	| { ok: false; missing: ColumnKey[] };

/** Finds each known column's position in the header row; extra columns are ignored. */
export function resolveHeader(cells: string[]): HeaderResult {
	const index: Partial<Record<ColumnKey, number>> = {};
	const flags: Partial<Record<FlagColumnKey, number>> = {};
	cells.forEach((cell, i) => {
		const norm = normaliseHeader(cell);
		const flag = Object.hasOwn(FLAG_ALIASES, norm) ? FLAG_ALIASES[norm] : undefined;
		if (flag && flags[flag] === undefined) flags[flag] = i;
		const key = Object.hasOwn(HEADER_ALIASES, norm) ? HEADER_ALIASES[norm] : undefined;
		if (key && index[key] === undefined) index[key] = i;
	});
	const missing = REQUIRED_COLUMNS.filter((c) => index[c] === undefined);
	return missing.length ? { ok: false, missing } : { ok: true, index, flags };
}
