// One clock (issue 14): every date and time the app shows is in the
// organisation's time zone (XUEFAN_TIME_ZONE, default Asia/Shanghai), never
// the device's. Pure functions shared by server and browser: the server reads
// the zone from config (src/lib/server/clock), the browser from the root
// layout's data (src/lib/client/clock.ts). Any IANA zone works, DST included.
import { m } from '../paraglide/messages.js';

export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

/** A zone Intl knows (IANA name like Asia/Urumqi, or UTC). */
export function isTimeZone(zone: string): boolean {
	if (!zone || zone.length > 64) return false;
	try {
		new Intl.DateTimeFormat('en-US', { timeZone: zone });
		return true;
	} catch {
		return false;
	}
}

const partsFmt = new Map<string, Intl.DateTimeFormat>();
function wallParts(at: Date, zone: string) {
	let f = partsFmt.get(zone);
	if (!f) {
		f = new Intl.DateTimeFormat('en-US', {
			timeZone: zone,
			hourCycle: 'h23',
			year: 'numeric',
			month: '2-digit',
			day: '2-digit',
			hour: '2-digit',
			minute: '2-digit',
			second: '2-digit'
		});
		partsFmt.set(zone, f);
	}
	const p: Record<string, string> = {};
	for (const x of f.formatToParts(at)) p[x.type] = x.value;
	return { y: p.year, mo: p.month, d: p.day, h: p.hour, mi: p.minute, s: p.second };
}

/** The zone's offset from UTC at an instant, in ms (Shanghai: +8 h). */
export function offsetMs(at: Date, zone: string): number {
	const w = wallParts(at, zone);
	const asUtc = Date.UTC(+w.y, +w.mo - 1, +w.d, +w.h, +w.mi, +w.s);
	return asUtc - Math.floor(at.getTime() / 1000) * 1000;
}

/** yyyy-mm-ddTHH:mm of the instant in the zone (datetime-local's format). */
export function wallClock(at: Date, zone: string): string {
	const w = wallParts(at, zone);
	return `${w.y}-${w.mo}-${w.d}T${w.h}:${w.mi}`;
}

/** The calendar day (yyyy-mm-dd) of an instant in the zone. */
export const dayOf = (at: Date, zone: string) => wallClock(at, zone).slice(0, 10);

/** The year of an instant in the zone (the credit ledger's year). */
export const yearOf = (at: Date, zone: string) => Number(wallClock(at, zone).slice(0, 4));

const WALL = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?$/;

/**
 * The instant a wall-clock time (yyyy-mm-dd or yyyy-mm-ddTHH:mm[:ss]) names
 * in the zone, or null when it is no such time (2026-02-30, 24:00, years
 * outside 2000–2100).
 */
export function fromWallClock(text: string, zone: string): Date | null {
	const r = WALL.exec(text.trim());
	if (!r) return null;
	const [y, mo, d, h, mi, s] = r.slice(1).map((x) => Number(x ?? 0));
	const asUtc = Date.UTC(y, mo - 1, d, h, mi, s);
	const back = new Date(asUtc);
	if (
		back.getUTCFullYear() !== y ||
		back.getUTCMonth() !== mo - 1 ||
		back.getUTCDate() !== d ||
		h > 23 ||
		mi > 59 ||
		s > 59 ||
		y < 2000 ||
		y > 2100
	)
		return null;
	// Two passes settle the offset around a DST change.
	let at = asUtc - offsetMs(new Date(asUtc), zone);
	at = asUtc - offsetMs(new Date(at), zone);
	return new Date(at);
}

/** Midnight at the start of a yyyy-mm-dd day in the zone. */
export const startOfDay = (day: string, zone: string) => fromWallClock(day.slice(0, 10), zone);

/** The day after a yyyy-mm-dd day. */
export function nextDay(day: string): string {
	const [y, mo, d] = day.split('-').map(Number);
	return new Date(Date.UTC(y, mo - 1, d + 1)).toISOString().slice(0, 10);
}

// The deadline rule: a deadline date D means the end of D in the
// organisation's zone; it is stored as the instant D ends (the next midnight
// there) and always shown as D.

/** The stored instant of a deadline day, or null for a bad date. */
export function deadlineFromDay(day: string, zone: string): Date | null {
	return startOfDay(day, zone) && startOfDay(nextDay(day.trim()), zone);
}

/** The deadline day (inclusive, yyyy-mm-dd) a stored deadline instant stands for. */
export const deadlineDay = (deadline: Date, zone: string) =>
	dayOf(new Date(deadline.getTime() - 1), zone);

// Formatters. Numeric forms (reports, exports, deadlines) are the same in
// both languages; the medium forms follow the reader's language.

/** 2026-12-22 */
export const formatDay = dayOf;
/** 19:20 */
export const formatTime = (at: Date, zone: string) => wallClock(at, zone).slice(11, 16);
/** 2026-12-22 19:20 */
export const formatStamp = (at: Date, zone: string) => wallClock(at, zone).replace('T', ' ');

const mediumFmt = new Map<string, Intl.DateTimeFormat>();
function medium(locale: string, zone: string, time: boolean) {
	const key = `${locale}|${zone}|${time}`;
	let f = mediumFmt.get(key);
	if (!f) {
		f = new Intl.DateTimeFormat(locale, {
			timeZone: zone,
			dateStyle: 'medium',
			...(time ? { timeStyle: 'short', hourCycle: 'h23' as const } : {})
		});
		mediumFmt.set(key, f);
	}
	return f;
}
/** 2026年12月22日 / Dec 22, 2026 */
export const formatDate = (at: Date, locale: string, zone: string) =>
	medium(locale, zone, false).format(at);
/** 2026年12月22日 19:20 / Dec 22, 2026, 19:20 */
export const formatDateTime = (at: Date, locale: string, zone: string) =>
	medium(locale, zone, true).format(at);

/** 北京时间 / Beijing time for China's zone, else "<zone> 时间". */
export function zoneLabel(zone: string): string {
	return zone === 'Asia/Shanghai' ? m.tz_beijing() : m.tz_zone({ zone });
}

/** "2026-12-22（北京时间）" / "2026-12-22 (Beijing time)": where a bare time would be ambiguous. */
export const withZone = (text: string, zone: string) =>
	m.tz_labelled({ text, zone: zoneLabel(zone) });

/** A deadline as shown everywhere: its day, labelled with the zone. */
export const formatDeadline = (deadline: Date, zone: string) =>
	withZone(deadlineDay(deadline, zone), zone);
