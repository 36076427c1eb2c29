import { describe, expect, it } from 'vitest';
import { normaliseUnitName, UnitError } from './units.ts';
import { isUnitKind, UNIT_KINDS, unitKindLabel, unitKindOptions } from './unit-kinds.ts';

function reason(fn: () => unknown): unknown {
	try {
		fn();
	} catch (e) {
		expect(e).toBeInstanceOf(UnitError);
		return { code: (e as UnitError).code, ...(e as UnitError).params };
	}
	return 'no error';
}

describe('unit names', () => {
	it('trims and keeps Chinese names', () => {
		expect(normaliseUnitName('  呼图壁县五工台镇 ')).toBe('呼图壁县五工台镇');
		expect(normaliseUnitName('县'.repeat(100))).toHaveLength(100);
	});
	it('refuses empty, long, control characters and slashes with specific reasons', () => {
		expect(reason(() => normaliseUnitName(' \t '))).toEqual({
			code: 'invalid_name',
			reason: 'empty'
		});
		expect(reason(() => normaliseUnitName(undefined))).toEqual({
			code: 'invalid_name',
			reason: 'empty'
		});
		expect(reason(() => normaliseUnitName('县'.repeat(101)))).toEqual({
			code: 'invalid_name',
			reason: 'too_long',
			max: 100
		});
		expect(reason(() => normaliseUnitName('a\u0007b'))).toEqual({
			code: 'invalid_name',
			reason: 'control'
		});
		expect(reason(() => normaliseUnitName('昌吉州/呼图壁县'))).toEqual({
			code: 'invalid_name',
			reason: 'slash'
		});
	});
	it('counts characters, not UTF-16 units', () => {
		expect(normaliseUnitName('𠀀'.repeat(100))).toBe('𠀀'.repeat(100));
	});
});

describe('unit kinds', () => {
	it('matches the kinds of the schema and has labels in both languages', () => {
		expect(UNIT_KINDS).toEqual([
			'prefecture',
			'county',
			'park',
			'department',
			'soe',
			'township',
			'village',
			'other'
		]);
		expect(isUnitKind('village')).toBe(true);
		expect(isUnitKind('city')).toBe(false);
		expect(isUnitKind(3)).toBe(false);
		expect(unitKindLabel('county', 'zh-CN')).toBe('县市');
		expect(unitKindLabel('soe', 'zh-CN')).toBe('国有企事业单位');
		expect(unitKindLabel('county', 'en')).toBe('County / city');
		expect(unitKindOptions('zh-CN').map((o) => o.label)).toEqual([
			'州',
			'县市',
			'园区',
			'州直部门',
			'国有企事业单位',
			'乡镇街道',
			'村社区',
			'其他'
		]);
	});
});
