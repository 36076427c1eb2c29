import { describe, expect, it } from 'vitest';
import { MAX_ID } from '$lib/api/ids';
import { match } from './id';

describe('the id param matcher', () => {
	it('takes positive int4 ids written plainly, and nothing else', () => {
		for (const ok of ['1', '42', String(MAX_ID)]) expect(match(ok)).toBe(true);
		for (const bad of [
			'0',
			'-1',
			'01',
			'+1',
			'1e3',
			' 1',
			'1 ',
			'1.0',
			String(MAX_ID + 1),
			'99999999999',
			'',
			'abc',
			'0x10'
		])
			expect(match(bad), bad).toBe(false);
	});
});
