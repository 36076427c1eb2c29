import { describe, expect, it } from 'vitest';
import {
	dayOf,
	deadlineDay,
	deadlineFromDay,
	formatDate,
	formatDateTime,
	formatDeadline,
	formatStamp,
	formatTime,
	fromWallClock,
	isTimeZone,
	offsetMs,
	wallClock,
	yearOf
} from './zone.ts';

const SH = 'Asia/Shanghai';

describe('the deadline rule: a deadline date is the end of that day in the zone', () => {
	it('stores the next midnight there and shows the day itself (not the day after)', () => {
		const d = deadlineFromDay('2026-12-22', SH)!;
		expect(d.toISOString()).toBe('2026-12-22T16:00:00.000Z');
		expect(deadlineDay(d, SH)).toBe('2026-12-22');
		// the old report formatter showed the stored midnight's own day
		expect(dayOf(d, SH)).toBe('2026-12-23');
		expect(formatDeadline(d, SH)).toMatch(/^2026-12-22（北京时间）$|^2026-12-22 \(Beijing time\)$/);
		// the last second of the day is still before it
		expect(new Date('2026-12-22T15:59:59Z') < d).toBe(true);
	});
	it('holds in other zones, across a DST change too', () => {
		const u = deadlineFromDay('2026-12-22', 'Asia/Urumqi')!;
		expect(u.toISOString()).toBe('2026-12-22T18:00:00.000Z');
		expect(deadlineDay(u, 'Asia/Urumqi')).toBe('2026-12-22');
		// Berlin leaves summer time on 2026-10-25: that day has 25 hours.
		const b = deadlineFromDay('2026-10-24', 'Europe/Berlin')!;
		expect(b.toISOString()).toBe('2026-10-24T22:00:00.000Z');
		expect(deadlineFromDay('2026-10-25', 'Europe/Berlin')!.toISOString()).toBe(
			'2026-10-25T23:00:00.000Z'
		);
	});
	it('refuses days that do not exist', () => {
		expect(deadlineFromDay('2026-02-30', SH)).toBeNull();
		expect(deadlineFromDay('1999-12-31', SH)).toBeNull();
		expect(fromWallClock('2026-06-01T24:00', SH)).toBeNull();
		expect(fromWallClock('2026/06/01', SH)).toBeNull();
	});
});

describe('formatters in the organisation zone, whatever the process zone', () => {
	const at = new Date('2026-12-03T11:20:00Z'); // 19:20 in Beijing, 17:20 in Urumqi
	it('numeric forms', () => {
		expect(formatTime(at, SH)).toBe('19:20');
		expect(formatStamp(at, SH)).toBe('2026-12-03 19:20');
		expect(formatTime(at, 'Asia/Urumqi')).toBe('17:20');
		expect(wallClock(at, SH)).toBe('2026-12-03T19:20');
		expect(fromWallClock('2026-12-03T19:20', SH)!.getTime()).toBe(at.getTime());
		expect(offsetMs(at, SH)).toBe(8 * 3600_000);
		expect(yearOf(new Date('2026-12-31T16:30:00Z'), SH)).toBe(2027);
	});
	it('reader-language forms: Chinese in zh-CN, English in en, same clock', () => {
		expect(formatDateTime(at, 'zh-CN', SH)).toContain('19:20');
		expect(formatDateTime(at, 'zh-CN', SH)).toContain('2026年12月3日');
		expect(formatDateTime(at, 'en', SH)).toMatch(/Dec 3, 2026.*19:20/);
		expect(formatDate(at, 'en', SH)).toBe('Dec 3, 2026');
	});
	it('knows zones', () => {
		expect(isTimeZone('Asia/Urumqi')).toBe(true);
		expect(isTimeZone('UTC')).toBe(true);
		expect(isTimeZone('Beijing')).toBe(false);
		expect(isTimeZone('')).toBe(false);
	});
});
