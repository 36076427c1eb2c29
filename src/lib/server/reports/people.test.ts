import { describe, expect, it } from 'vitest';
import { peopleParams } from './people';

describe('peopleParams', () => {
	it('includes sub-units by default: no parameter, or the ticked box after the hidden 0', () => {
		expect(peopleParams(new URLSearchParams('')).includeSub).toBe(true);
		expect(peopleParams(new URLSearchParams('status=not_started')).includeSub).toBe(true);
		expect(peopleParams(new URLSearchParams('sub=0&sub=1')).includeSub).toBe(true);
	});
	it('only the unit’s own people when the box is unticked (the hidden 0 alone)', () => {
		expect(peopleParams(new URLSearchParams('sub=0')).includeSub).toBe(false);
		const f = new FormData();
		f.set('sub', '0');
		expect(peopleParams(f).includeSub).toBe(false);
	});
	it('keeps a known filter and a trimmed, bounded search', () => {
		const p = peopleParams(new URLSearchParams(`status=bogus&q=${'  王'.padEnd(80, '芳')}`));
		expect(p.filter).toBe('all');
		expect(p.q.length).toBe(50);
		expect(p.q.startsWith('王')).toBe(true);
	});
});
