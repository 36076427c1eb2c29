import { describe, expect, it } from 'vitest';
import { childKind, UNIT_KINDS } from './units.ts';

describe('childKind', () => {
	it('is the kind one level below the parent', () => {
		expect(childKind(null)).toBe('prefecture');
		expect(childKind('prefecture')).toBe('county');
		expect(childKind('county')).toBe('township');
		expect(childKind('park')).toBe('township');
		expect(childKind('township')).toBe('village');
		expect(childKind('village')).toBe('other');
		for (const k of UNIT_KINDS) expect(UNIT_KINDS).toContain(childKind(k));
	});
});
