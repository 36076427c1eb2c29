// Checks for what a lecturer types when scheduling. Pure (unit-tested): the
// database checks (who is a lecturer, which units exist) are in sessions.ts.
import * as limits from '../../api/limits.ts';
import { fromWallClock } from '../clock/index.ts';
import { LiveError } from './errors.ts';
import { parseId } from '../../api/ids.ts';

export const TITLE_MAX = limits.live.title;
export const DESCRIPTION_MAX = limits.live.description;
export const MINUTES_MIN = limits.live.minutes.min;
export const MINUTES_MAX = limits.live.minutes.max;
export const CREDIT_MAX = limits.live.creditMax;
/** A start a little in the past is allowed: "now" typed a minute ago is still now. */
export const PAST_GRACE_MS = 10 * 60_000;

export interface SessionInput {
	title: string;
	description: string;
	startsAt: Date;
	expectedMinutes: number;
	creditHours: number;
	lecturerId: number | null;
	programmeId: number | null;
	unitIds: number[];
	courseId: number | null;
	/** null: not sent (kept as it is) */
	concentrated: boolean | null;
}

export interface RawSessionInput {
	title?: unknown;
	description?: unknown;
	/** `YYYY-MM-DDTHH:MM` as a datetime-local input sends it, in the browser's zone */
	startsAt?: unknown;
	/** the browser's Date#getTimezoneOffset() (minutes, UTC − local); the organisation's zone when absent */
	tzOffset?: unknown;
	expectedMinutes?: unknown;
	creditHours?: unknown;
	lecturerId?: unknown;
	programmeId?: unknown;
	unitIds?: unknown;
	courseId?: unknown;
	/** 'on' / 'off' (the last of several wins); absent: unchanged */
	concentrated?: unknown;
}

const str = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

function optionalId(
	v: unknown,
	code: 'lecturer_invalid' | 'programme_invalid' | 'course_invalid'
): number | null {
	const s = str(v).trim();
	if (!s) return null;
	if (parseId(s) === null) throw new LiveError(code);
	return Number(s);
}

/**
 * A datetime-local value, read in the organisation's zone ($lib/server/clock),
 * or in the offset a client gives (minutes as getTimezoneOffset; API callers).
 */
export function parseLocalDateTime(value: unknown, tzOffset: unknown): Date {
	const text = str(value).trim();
	const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(text);
	if (!m) throw new LiveError('starts_invalid');
	const offsetText = str(tzOffset).trim();
	const inOrgZone = fromWallClock(text);
	if (!inOrgZone) throw new LiveError('starts_invalid');
	if (!/^-?\d{1,4}$/.test(offsetText) || Math.abs(Number(offsetText)) > 14 * 60) return inOrgZone;
	const [y, mo, d, h, mi, s] = m.slice(1).map((x) => Number(x ?? 0));
	return new Date(Date.UTC(y, mo - 1, d, h, mi, s) + Number(offsetText) * 60_000);
}

/**
 * The form's value: a checkbox after a hidden "off" of the same name, so the
 * last value wins; null when the field was not sent at all (keep it as it is:
 * a lecturer's read-only checkbox sends nothing).
 */
export function parseConcentrated(v: unknown): boolean | null {
	const last = Array.isArray(v) ? v.at(-1) : v;
	if (last === undefined || last === null) return null;
	if (last === true || last === 'on' || last === 'true' || last === '1') return true;
	if (last === false || last === 'off' || last === 'false' || last === '0' || last === '')
		return false;
	throw new LiveError('concentrated_invalid');
}

export function checkSessionInput(raw: RawSessionInput, now = Date.now()): SessionInput {
	const title = str(raw.title).normalize('NFC').replace(/\s+/g, ' ').trim();
	if (!title) throw new LiveError('title_empty');
	if ([...title].length > TITLE_MAX) throw new LiveError('title_too_long', { max: TITLE_MAX });
	const description = str(raw.description).normalize('NFC').replace(/\r\n?/g, '\n').trim();
	if (description.length > DESCRIPTION_MAX)
		throw new LiveError('description_too_long', { max: DESCRIPTION_MAX });
	const startsAt = parseLocalDateTime(raw.startsAt, raw.tzOffset);
	if (startsAt.getTime() < now - PAST_GRACE_MS) throw new LiveError('starts_past');
	const minutesText = str(raw.expectedMinutes).trim();
	const expectedMinutes = Number(minutesText);
	if (
		!/^\d{1,4}$/.test(minutesText) ||
		expectedMinutes < MINUTES_MIN ||
		expectedMinutes > MINUTES_MAX
	) {
		throw new LiveError('minutes_invalid', { min: MINUTES_MIN, max: MINUTES_MAX });
	}
	const creditText = str(raw.creditHours).trim() || '0';
	const creditHours = Number(creditText);
	if (!/^\d{1,2}(\.\d{1,2})?$/.test(creditText) || creditHours > CREDIT_MAX)
		throw new LiveError('credit_invalid', { max: CREDIT_MAX });
	const unitList = Array.isArray(raw.unitIds)
		? raw.unitIds
		: raw.unitIds == null || raw.unitIds === ''
			? []
			: [raw.unitIds];
	const unitTexts = unitList.map((u) => str(u).trim());
	if (unitTexts.some((u) => parseId(u) === null) || unitTexts.length > 200) {
		throw new LiveError('unit_invalid');
	}
	const unitIds = [...new Set(unitTexts.map(Number))];
	const programmeId = optionalId(raw.programmeId, 'programme_invalid');
	if (!programmeId && !unitIds.length) throw new LiveError('audience_empty');
	return {
		title,
		description,
		startsAt,
		expectedMinutes,
		creditHours,
		lecturerId: optionalId(raw.lecturerId, 'lecturer_invalid'),
		programmeId,
		unitIds,
		courseId: optionalId(raw.courseId, 'course_invalid'),
		concentrated: parseConcentrated(raw.concentrated)
	};
}
