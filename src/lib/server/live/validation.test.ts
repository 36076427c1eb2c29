import { describe, expect, it } from 'vitest';
import { LiveError } from './errors.ts';
import { checkSessionInput, parseLocalDateTime } from './validation.ts';

const now = Date.UTC(2026, 5, 1, 2, 0);
const ok = {
	title: ' 直播  标题 ',
	startsAt: '2026-06-01T12:00',
	tzOffset: '-480',
	expectedMinutes: '90',
	creditHours: '1.5',
	unitIds: ['3', '3', '4']
};
const code = (f: () => unknown) => {
	try {
		f();
		return 'ok';
	} catch (e) {
		return e instanceof LiveError ? e.code : String(e);
	}
};

describe('parseLocalDateTime', () => {
	it('reads the time in the browser’s zone, China when none is given', () => {
		expect(parseLocalDateTime('2026-06-01T12:00', '-480').toISOString()).toBe(
			'2026-06-01T04:00:00.000Z'
		);
		expect(parseLocalDateTime('2026-06-01T12:00', '0').toISOString()).toBe(
			'2026-06-01T12:00:00.000Z'
		);
		expect(parseLocalDateTime('2026-06-01T12:00', 'junk').toISOString()).toBe(
			'2026-06-01T04:00:00.000Z'
		);
	});
	it('refuses impossible dates and other shapes', () => {
		expect(code(() => parseLocalDateTime('2026-02-30T10:00', '0'))).toBe('starts_invalid');
		expect(code(() => parseLocalDateTime('2026-06-01T24:00', '0'))).toBe('starts_invalid');
		expect(code(() => parseLocalDateTime('2026-06-01 10:00', '0'))).toBe('starts_invalid');
		expect(code(() => parseLocalDateTime(undefined, '0'))).toBe('starts_invalid');
	});
});

describe('checkSessionInput', () => {
	it('cleans a good input', () => {
		const v = checkSessionInput(ok, now);
		expect(v).toMatchObject({
			title: '直播 标题',
			expectedMinutes: 90,
			creditHours: 1.5,
			unitIds: [3, 4],
			programmeId: null,
			courseId: null,
			lecturerId: null
		});
	});
	it('gives each refusal its own code', () => {
		expect(code(() => checkSessionInput({ ...ok, title: '' }, now))).toBe('title_empty');
		expect(code(() => checkSessionInput({ ...ok, description: 'x'.repeat(5001) }, now))).toBe(
			'description_too_long'
		);
		expect(code(() => checkSessionInput({ ...ok, startsAt: '2026-06-01T09:00' }, now))).toBe(
			'starts_past'
		);
		expect(code(() => checkSessionInput({ ...ok, startsAt: '2026-06-01T09:55' }, now))).toBe('ok'); // within the grace
		expect(code(() => checkSessionInput({ ...ok, expectedMinutes: '1.5' }, now))).toBe(
			'minutes_invalid'
		);
		expect(code(() => checkSessionInput({ ...ok, creditHours: '1.234' }, now))).toBe(
			'credit_invalid'
		);
		expect(code(() => checkSessionInput({ ...ok, creditHours: '21' }, now))).toBe('credit_invalid');
		expect(code(() => checkSessionInput({ ...ok, unitIds: [] }, now))).toBe('audience_empty');
		expect(code(() => checkSessionInput({ ...ok, unitIds: [], programmeId: '7' }, now))).toBe('ok');
		expect(code(() => checkSessionInput({ ...ok, unitIds: ['0'] }, now))).toBe('unit_invalid');
		expect(code(() => checkSessionInput({ ...ok, programmeId: 'x' }, now))).toBe(
			'programme_invalid'
		);
		expect(code(() => checkSessionInput({ ...ok, lecturerId: '-1' }, now))).toBe(
			'lecturer_invalid'
		);
		expect(code(() => checkSessionInput({ ...ok, courseId: '99999999999' }, now))).toBe(
			'course_invalid'
		);
	});
});

describe('parseLocalDateTime in the organisation zone', () => {
	it('reads a form time with no offset in XUEFAN_TIME_ZONE', () => {
		const before = process.env.XUEFAN_TIME_ZONE;
		process.env.XUEFAN_TIME_ZONE = 'Asia/Urumqi';
		try {
			expect(parseLocalDateTime('2026-06-01T12:00', '').toISOString()).toBe(
				'2026-06-01T06:00:00.000Z'
			);
		} finally {
			if (before === undefined) delete process.env.XUEFAN_TIME_ZONE;
			else process.env.XUEFAN_TIME_ZONE = before;
		}
	});
});
