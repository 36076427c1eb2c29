import { describe, expect, it } from 'vitest';
import { normaliseUnitPath, resolveUnitPath, splitUnitPath } from './unit-paths.ts';

describe('unit paths', () => {
	it('accepts /, full-width ／ and > as separators, trimming segments', () => {
		expect(splitUnitPath('昌吉州/呼图壁县/五工台镇')).toEqual(['昌吉州', '呼图壁县', '五工台镇']);
		expect(normaliseUnitPath(' 昌吉州 ／ 呼图壁县 > 五工台镇 ')).toBe('昌吉州/呼图壁县/五工台镇');
		expect(normaliseUnitPath('昌吉州＞呼图壁县')).toBe('昌吉州/呼图壁县');
		expect(normaliseUnitPath('/昌吉州//呼图壁县/')).toBe('昌吉州/呼图壁县');
		expect(normaliseUnitPath('\u3000昌吉州\u3000/呼图壁县')).toBe('昌吉州/呼图壁县'); // ideographic space
	});

	it('resolves against a path map, and only whole paths', () => {
		const map = new Map([
			['昌吉州', 1],
			['昌吉州/呼图壁县', 2]
		]);
		expect(resolveUnitPath(map, '昌吉州 > 呼图壁县')).toBe(2);
		expect(resolveUnitPath(map, '呼图壁县')).toBeUndefined();
		expect(resolveUnitPath(map, '')).toBeUndefined();
	});
});
