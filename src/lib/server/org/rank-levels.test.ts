import { describe, expect, it } from 'vitest';
import { RANK_LEVELS, isRankLevel, parseRankLevel, rankLabel } from './rank-levels.ts';

describe('rank levels', () => {
	it('parses the Chinese labels and the English codes', () => {
		expect(parseRankLevel('县处级及以上')).toBe('county');
		expect(parseRankLevel('县处级')).toBe('county');
		expect(parseRankLevel('乡科级')).toBe('township');
		expect(parseRankLevel(' 一般 干部 ')).toBe('general');
		expect(parseRankLevel('职工')).toBe('employee');
		expect(parseRankLevel('County')).toBe('county');
		expect(parseRankLevel('EMPLOYEE')).toBe('employee');
		expect(parseRankLevel('ｇｅｎｅｒａｌ')).toBe('general'); // full-width from a Chinese IME
	});

	it('refuses anything else', () => {
		for (const bad of [
			'',
			'科级',
			'处级干部',
			'constructor',
			'__proto__',
			'toString',
			'county level'
		]) {
			expect(parseRankLevel(bad)).toBeNull();
		}
		expect(isRankLevel('admin')).toBe(false);
		expect(isRankLevel('township')).toBe(true);
	});

	it('labels every level in both languages', () => {
		expect(rankLabel('county', 'zh-CN')).toBe('县处级及以上');
		expect(rankLabel('employee', 'zh-CN')).toBe('职工');
		expect(rankLabel('township', 'en')).toMatch(/township/i);
		for (const level of RANK_LEVELS) {
			// The label in either language parses back for the Chinese one.
			expect(parseRankLevel(rankLabel(level, 'zh-CN'))).toBe(level);
			expect(rankLabel(level, 'en')).not.toBe('');
		}
	});
});
