import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RawRow } from './read.ts';
import { isPhone, validateRows } from './validate.ts';

const units = new Map([
	['昌吉州', 1],
	['昌吉州/呼图壁县', 2],
	['昌吉州/呼图壁县/五工台镇', 3]
]);
const row = (n: number, values: string[]): RawRow => ({ row: n, values });
const ok = (n: number, no: string) =>
	row(n, [no, '张伟', '昌吉州/呼图壁县', '乡科级', '科长', '13800000000']);

describe('validateRows', () => {
	it('passes good rows through, normalising what people type', () => {
		const { valid, errors } = validateRows(
			[
				ok(2, 'A001'),
				row(3, [
					'Ａ００２',
					'王芳',
					'昌吉州 ／ 呼图壁县 > 五工台镇',
					'general',
					'',
					'１３９ 0000 0000'
				])
			],
			units
		);
		expect(errors).toEqual([]);
		expect(valid).toEqual([
			{
				row: 2,
				employeeNo: 'A001',
				name: '张伟',
				unitId: 2,
				rankLevel: 'township',
				position: '科长',
				phone: '13800000000'
			},
			{
				row: 3,
				employeeNo: 'A002',
				name: '王芳',
				unitId: 3,
				rankLevel: 'general',
				position: '',
				phone: '139 0000 0000'
			}
		]);
	});

	it('collects every error of every row, with row number and column', () => {
		const { valid, errors } = validateRows(
			[
				ok(2, 'A001'),
				row(3, ['', '', '', '', '', '']),
				row(4, ['A 01', '李'.repeat(51), '呼图壁县', '处级', 'x'.repeat(101), 'abc']),
				ok(5, 'A001'),
				row(6, ['A003', '赵', '昌吉州', '职工', '', '1'.repeat(31)])
			],
			units
		);
		expect(valid.map((v) => v.row)).toEqual([2]);
		const got = errors.map((e) => [e.row, e.column, e.code]);
		expect(got).toEqual([
			[3, 'employee_no', 'required'],
			[3, 'name', 'required'],
			[3, 'unit', 'required'],
			[3, 'rank_level', 'required'],
			[4, 'employee_no', 'bad_employee_no'],
			[4, 'name', 'too_long'],
			[4, 'unit', 'unknown_unit'],
			[4, 'rank_level', 'bad_rank'],
			[4, 'position', 'too_long'],
			[4, 'phone', 'bad_phone'],
			[5, 'employee_no', 'duplicate_employee_no'],
			[6, 'phone', 'too_long']
		]);
		expect(errors.find((e) => e.code === 'duplicate_employee_no')?.params).toEqual({
			value: 'A001',
			first: 2
		});
		expect(errors.find((e) => e.code === 'unknown_unit')?.params).toEqual({ value: '呼图壁县' });
	});

	it('treats employee numbers that differ only in case as duplicates (sign-in ignores case)', () => {
		const { errors } = validateRows([ok(2, 'A001'), ok(3, 'a001')], units);
		expect(errors).toEqual([
			{
				row: 3,
				column: 'employee_no',
				code: 'duplicate_employee_no',
				params: { value: 'a001', first: 2 }
			}
		]);
	});

	it('counts characters, not UTF-16 units, for lengths', () => {
		const name = '𠀀'.repeat(50); // 50 characters outside the BMP
		expect(validateRows([row(2, ['A001', name, '昌吉州', '职工', '', ''])], units).errors).toEqual(
			[]
		);
	});

	it('property: every row is either valid or has errors, never both', () => {
		const cell = fc.oneof(
			fc.constantFrom('', 'A001', 'A002', '张伟', '昌吉州', '职工', '乡科级', '138'),
			fc.string({ maxLength: 8 })
		);
		fc.assert(
			fc.property(
				fc.array(fc.array(cell, { minLength: 6, maxLength: 6 }), { maxLength: 30 }),
				(cells) => {
					const rows = cells.map((values, i) => row(i + 2, values));
					const { valid, errors } = validateRows(rows, units);
					const bad = new Set(errors.map((e) => e.row));
					expect(valid.length + bad.size).toBe(rows.length);
					for (const v of valid) expect(bad.has(v.row)).toBe(false);
					expect(new Set(valid.map((v) => v.employeeNo.toLowerCase())).size).toBe(valid.length);
				}
			)
		);
	});
});

describe('isPhone', () => {
	it('accepts mobile and landline forms, refuses others', () => {
		for (const p of ['13800000000', '+86 138 0000 0000', '0994-5551234', '(0994)5551234'])
			expect(isPhone(p)).toBe(true);
		for (const p of ['abc', '12', '138-0000-000x', '++8613800000000', '1'.repeat(21)])
			expect(isPhone(p)).toBe(false);
	});
});
