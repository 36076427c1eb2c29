import { describe, expect, it } from 'vitest';
import {
	deadlineDay,
	shanghaiDate,
	shanghaiDay,
	validateProgramme,
	type ProgrammeRaw
} from './validate';

const raw = (o: Partial<ProgrammeRaw> = {}): ProgrammeRaw => ({
	title: '专题',
	description: '',
	courses: [{ courseId: 1, role: 'required' }],
	electiveRule: 'none',
	minElectives: '',
	minElectiveHours: '',
	unitIds: [7],
	unknownUnits: [],
	rankLevels: [],
	personIds: [],
	unknownPeople: [],
	startsOn: '2026-03-01',
	deadlineOn: '2026-03-31',
	presenceCheck: false,
	maxCreditedRate: '',
	...o
});
const codes = (r: ProgrammeRaw) => {
	const out = validateProgramme(r);
	return out.ok ? [] : out.errors.map((e) => `${e.field}:${e.code}`);
};

describe('programme input', () => {
	it('dates are whole days in Asia/Shanghai; the deadline day counts in full', () => {
		expect(shanghaiDay('2026-03-01')!.toISOString()).toBe('2026-02-28T16:00:00.000Z');
		expect(shanghaiDay('2026-02-29')).toBeNull();
		expect(shanghaiDay('1.3.2026')).toBeNull();
		const out = validateProgramme(raw());
		expect(out.ok && out.value.deadline.toISOString()).toBe('2026-03-31T16:00:00.000Z');
		expect(out.ok && deadlineDay(out.value.deadline)).toBe('2026-03-31');
		expect(shanghaiDate(new Date('2026-03-31T16:30:00Z'))).toBe('2026-04-01');
		expect(codes(raw({ deadlineOn: '2026-02-01' }))).toEqual(['deadlineOn:before_start']);
	});

	it('courses: a course is required or elective, not both; some course is needed', () => {
		const out = validateProgramme(
			raw({
				courses: [
					{ courseId: 1, role: 'required' },
					{ courseId: 1, role: 'elective' },
					{ courseId: 2, role: 'x' }
				]
			})
		);
		expect(out.ok && [out.value.requiredCourseIds, out.value.electiveCourseIds]).toEqual([[1], []]);
		expect(codes(raw({ courses: [] }))).toEqual(['courses:none']);
	});

	it('elective rules: N within the electives, hours positive, a rule when nothing is required', () => {
		const el = [
			{ courseId: 2, role: 'elective' },
			{ courseId: 3, role: 'elective' }
		];
		expect(codes(raw({ courses: el, electiveRule: 'count', minElectives: '2' }))).toEqual([]);
		expect(codes(raw({ courses: el, electiveRule: 'count', minElectives: '3' }))).toEqual([
			'electiveRule:count_too_high'
		]);
		expect(codes(raw({ courses: el, electiveRule: 'count', minElectives: '0' }))).toEqual([
			'electiveRule:count_invalid'
		]);
		expect(codes(raw({ courses: el, electiveRule: 'hours', minElectiveHours: '1.5' }))).toEqual([]);
		expect(codes(raw({ courses: el, electiveRule: 'hours', minElectiveHours: '-1' }))).toEqual([
			'electiveRule:hours_invalid'
		]);
		expect(codes(raw({ courses: el }))).toEqual(['electiveRule:needed']);
		expect(codes(raw({ electiveRule: 'hours', minElectiveHours: '1' }))).toEqual([
			'electiveRule:no_electives'
		]);
	});

	it('audience: someone is needed; unknown units and people are named; all four ranks mean all', () => {
		expect(codes(raw({ unitIds: [] }))).toEqual(['audience:empty']);
		expect(validateProgramme(raw({ unitIds: [], unknownPeople: ['X9'] }))).toEqual({
			ok: false,
			errors: [{ field: 'people', code: 'unknown', params: { value: 'X9' } }]
		});
		const all = validateProgramme(
			raw({ rankLevels: ['county', 'township', 'general', 'employee'] })
		);
		expect(all.ok && all.value.rankLevels).toBeNull();
		const some = validateProgramme(raw({ rankLevels: ['general'] }));
		expect(some.ok && some.value.rankLevels).toEqual(['general']);
	});

	it('anti-idling: rate 1–2 or empty', () => {
		expect(codes(raw({ maxCreditedRate: '1.25' }))).toEqual([]);
		for (const r of ['0.9', '2.5', 'abc', '1.234'])
			expect(codes(raw({ maxCreditedRate: r })), r).toEqual(['maxCreditedRate:invalid']);
	});
});
