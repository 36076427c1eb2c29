import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Coalescer } from './coalescer.ts';

describe('Coalescer', () => {
	beforeEach(() => vi.useFakeTimers());
	afterEach(() => vi.useRealTimers());

	it('flushes the first change at once, then at most once per interval with every key marked meanwhile', async () => {
		const flushes: number[][] = [];
		const c = new Coalescer<number>(
			500,
			async (keys) => void flushes.push(keys.sort()),
			() => Date.now()
		);
		c.mark(1);
		await vi.advanceTimersByTimeAsync(0);
		expect(flushes).toEqual([[1]]);
		for (let i = 0; i < 1000; i++) c.mark(i % 3);
		await vi.advanceTimersByTimeAsync(499);
		expect(flushes.length).toBe(1);
		await vi.advanceTimersByTimeAsync(1);
		expect(flushes).toEqual([[1], [0, 1, 2]]);
		// 10 seconds of continuous marking: ≤ 2 flushes a second
		for (let t = 0; t < 10_000; t += 10) {
			c.mark(7);
			await vi.advanceTimersByTimeAsync(10);
		}
		expect(flushes.length).toBeLessThanOrEqual(2 + 20 + 1);
		expect(flushes.length).toBeGreaterThanOrEqual(2 + 19);
		c.stop();
	});

	it('a failing flush is logged and later changes still flush', async () => {
		const err = vi.spyOn(console, 'error').mockImplementation(() => {});
		let calls = 0;
		const c = new Coalescer<string>(100, async () => {
			calls++;
			if (calls === 1) throw new Error('boom');
		});
		c.mark('a');
		await vi.advanceTimersByTimeAsync(0);
		c.mark('b');
		await vi.advanceTimersByTimeAsync(100);
		expect(calls).toBe(2);
		expect(err).toHaveBeenCalled();
		err.mockRestore();
	});
});
