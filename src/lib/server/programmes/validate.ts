// Programme input: parsing and the checks that need no database. Every
// problem comes back as a field + code (+ params) for a specific message in
// the UI language (see routes' messages); nothing is written while any exists.
import * as limits from '../../api/limits.ts';
import { isRankLevel, type RankLevel } from '../org/rank-levels.ts';

export const TITLE_MAX = limits.programme.title;
export const DESCRIPTION_MAX = limits.programme.description;
export const MIN_RATE = 1;
export const MAX_RATE = 2;
export const MAX_LIST = limits.programme.list;

/** What a create/edit form sends, still as text (lists already split). */
export interface ProgrammeRaw {
	title: string;
	description: string;
	/** course id → 'required' | 'elective' (others ignored) */
	courses: { courseId: number; role: string }[];
	electiveRule: string;
	minElectives: string;
	minElectiveHours: string;
	/** unit paths (昌吉州/呼图壁县) or ids resolved by the caller; unresolved ones listed in unknownUnits */
	unitIds: number[];
	unknownUnits: string[];
	rankLevels: string[];
	/** employee numbers resolved by the caller; unresolved in unknownPeople */
	personIds: number[];
	unknownPeople: string[];
	startsOn: string; // yyyy-mm-dd, Asia/Shanghai
	deadlineOn: string; // yyyy-mm-dd, Asia/Shanghai, inclusive
	presenceCheck: boolean;
	maxCreditedRate: string; // '' = the courses' own setting
}

export interface ProgrammeInput {
	title: string;
	description: string;
	requiredCourseIds: number[];
	electiveCourseIds: number[];
	minElectives: number | null;
	minElectiveHours: number | null;
	unitIds: number[];
	rankLevels: RankLevel[] | null;
	personIds: number[];
	startsAt: Date;
	deadline: Date;
	presenceCheck: boolean;
	maxCreditedRate: number | null;
}

export type ProgrammeField =
	| 'title'
	| 'description'
	| 'courses'
	| 'electiveRule'
	| 'audience'
	| 'units'
	| 'people'
	| 'rankLevels'
	| 'startsOn'
	| 'deadlineOn'
	| 'maxCreditedRate';

export interface ProgrammeError {
	field: ProgrammeField;
	code: string;
	params?: Record<string, string | number>;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Midnight in Asia/Shanghai of a yyyy-mm-dd day (UTC+8, no DST), or null. */
export function shanghaiDay(text: string): Date | null {
	const m = DATE.exec(text.trim());
	if (!m) return null;
	const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
	const utc = Date.UTC(y, mo - 1, d);
	const back = new Date(utc);
	if (
		back.getUTCFullYear() !== y ||
		back.getUTCMonth() !== mo - 1 ||
		back.getUTCDate() !== d ||
		y < 2000 ||
		y > 2100
	)
		return null;
	return new Date(utc - 8 * 3600_000);
}

/** The yyyy-mm-dd day in Asia/Shanghai of a moment. */
export function shanghaiDate(at: Date): string {
	return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

/** The deadline day (inclusive) of a stored deadline (the next day's midnight, Shanghai). */
export function deadlineDay(deadline: Date): string {
	return shanghaiDate(new Date(deadline.getTime() - 1));
}

export function validateProgramme(
	raw: ProgrammeRaw
): { ok: true; value: ProgrammeInput } | { ok: false; errors: ProgrammeError[] } {
	const errors: ProgrammeError[] = [];
	const title = raw.title.normalize('NFC').trim();
	if (!title) errors.push({ field: 'title', code: 'required' });
	else if ([...title].length > TITLE_MAX)
		errors.push({ field: 'title', code: 'too_long', params: { max: TITLE_MAX } });
	const description = raw.description.normalize('NFC').trim();
	if ([...description].length > DESCRIPTION_MAX)
		errors.push({ field: 'description', code: 'too_long', params: { max: DESCRIPTION_MAX } });

	const required = [
		...new Set(raw.courses.filter((c) => c.role === 'required').map((c) => c.courseId))
	];
	const electives = [
		...new Set(raw.courses.filter((c) => c.role === 'elective').map((c) => c.courseId))
	].filter((id) => !required.includes(id));
	if (!required.length && !electives.length) errors.push({ field: 'courses', code: 'none' });

	let minElectives: number | null = null;
	let minElectiveHours: number | null = null;
	if (raw.electiveRule === 'count') {
		const n = Number(raw.minElectives.trim());
		if (!/^\d{1,4}$/.test(raw.minElectives.trim()) || n < 1)
			errors.push({ field: 'electiveRule', code: 'count_invalid' });
		else if (n > electives.length)
			errors.push({
				field: 'electiveRule',
				code: 'count_too_high',
				params: { n, electives: electives.length }
			});
		else minElectives = n;
	} else if (raw.electiveRule === 'hours') {
		const text = raw.minElectiveHours.trim();
		const h = Number(text);
		if (!/^\d{1,4}(\.\d{1,2})?$/.test(text) || h <= 0)
			errors.push({ field: 'electiveRule', code: 'hours_invalid' });
		else if (!electives.length) errors.push({ field: 'electiveRule', code: 'no_electives' });
		else minElectiveHours = h;
	} else if (raw.electiveRule !== 'none' && raw.electiveRule !== '') {
		errors.push({ field: 'electiveRule', code: 'invalid' });
	}
	// Electives without a rule are optional: with no required course nothing would be asked.
	if (
		!required.length &&
		electives.length &&
		minElectives === null &&
		minElectiveHours === null &&
		!errors.some((e) => e.field === 'electiveRule')
	) {
		errors.push({ field: 'electiveRule', code: 'needed' });
	}

	for (const path of raw.unknownUnits.slice(0, 5))
		errors.push({ field: 'units', code: 'unknown', params: { value: path } });
	for (const no of raw.unknownPeople.slice(0, 5))
		errors.push({ field: 'people', code: 'unknown', params: { value: no } });
	const unitIds = [...new Set(raw.unitIds)];
	const personIds = [...new Set(raw.personIds)];
	if (unitIds.length > MAX_LIST)
		errors.push({ field: 'units', code: 'too_many', params: { max: MAX_LIST } });
	if (personIds.length > MAX_LIST)
		errors.push({ field: 'people', code: 'too_many', params: { max: MAX_LIST } });
	if (
		!unitIds.length &&
		!personIds.length &&
		!raw.unknownUnits.length &&
		!raw.unknownPeople.length
	) {
		errors.push({ field: 'audience', code: 'empty' });
	}
	const ranks = [...new Set(raw.rankLevels)];
	if (!ranks.every(isRankLevel)) errors.push({ field: 'rankLevels', code: 'invalid' });

	const startsAt = shanghaiDay(raw.startsOn);
	const deadlineStart = shanghaiDay(raw.deadlineOn);
	if (!startsAt)
		errors.push({ field: 'startsOn', code: raw.startsOn.trim() ? 'invalid' : 'required' });
	if (!deadlineStart)
		errors.push({ field: 'deadlineOn', code: raw.deadlineOn.trim() ? 'invalid' : 'required' });
	// The deadline day counts in full: stored as the next midnight.
	const deadline = deadlineStart ? new Date(deadlineStart.getTime() + 24 * 3600_000) : null;
	if (startsAt && deadlineStart && deadlineStart < startsAt)
		errors.push({ field: 'deadlineOn', code: 'before_start' });

	let maxCreditedRate: number | null = null;
	const rateText = raw.maxCreditedRate.trim();
	if (rateText) {
		const r = Number(rateText);
		if (!/^\d(\.\d{1,2})?$/.test(rateText) || r < MIN_RATE || r > MAX_RATE) {
			errors.push({
				field: 'maxCreditedRate',
				code: 'invalid',
				params: { min: MIN_RATE, max: MAX_RATE }
			});
		} else maxCreditedRate = r;
	}

	if (errors.length) return { ok: false, errors };
	return {
		ok: true,
		value: {
			title,
			description,
			requiredCourseIds: required,
			electiveCourseIds: electives,
			minElectives,
			minElectiveHours,
			unitIds,
			rankLevels: ranks.length && ranks.length < 4 ? (ranks as RankLevel[]) : null,
			personIds,
			startsAt: startsAt!,
			deadline: deadline!,
			presenceCheck: raw.presenceCheck,
			maxCreditedRate
		}
	};
}
