import { describe, expect, it } from 'vitest';
import { FloodGauge, SlidingWindow } from './rate-limit.ts';

describe('SlidingWindow', () => {
	it('allows `limit` hits per window and refuses the next until the oldest leaves the window', () => {
		const w = new SlidingWindow(5, 10_000);
		const t0 = 1_000_000;
		for (let i = 0; i < 5; i++) expect(w.take('a', t0 + i * 100)).toBe(true);
		expect(w.take('a', t0 + 600)).toBe(false);
		expect(w.take('a', t0 + 9_999)).toBe(false);
		// the first hit (t0) is out of the window at t0 + 10 000 (strictly after)
		expect(w.take('a', t0 + 10_001)).toBe(true);
		expect(w.take('a', t0 + 10_002)).toBe(false);
	});

	it('keys are independent and a refused hit is not recorded', () => {
		const w = new SlidingWindow(1, 1000);
		expect(w.take('a', 0)).toBe(true);
		expect(w.take('b', 0)).toBe(true);
		for (let i = 1; i < 10; i++) expect(w.take('a', i * 50)).toBe(false);
		expect(w.take('a', 1001)).toBe(true);
	});

	it('sweep forgets idle keys', () => {
		const w = new SlidingWindow(2, 1000);
		w.take('a', 0);
		w.take('b', 900);
		w.sweep(1500);
		expect(w.size).toBe(1);
	});
});

describe('FloodGauge', () => {
	it('passes up to the ceiling within a second, fails beyond, resets the next second', () => {
		const g = new FloodGauge(50);
		for (let i = 0; i < 50; i++) expect(g.hit(10_000 + i)).toBe(true);
		expect(g.hit(10_100)).toBe(false);
		expect(g.hit(11_000)).toBe(true);
	});
});
