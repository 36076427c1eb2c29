import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Batcher } from './batcher.ts';

describe('Batcher', () => {
	beforeEach(() => vi.useFakeTimers());
	afterEach(() => vi.useRealTimers());

	it('sends a lone item at once, then groups a burst into at most one send per window, in order', async () => {
		const sent: number[][] = [];
		const b = new Batcher<number>(
			400,
			(items) => sent.push(items),
			() => Date.now()
		);
		b.push(1);
		expect(sent).toEqual([[1]]);
		b.push(2);
		b.push(3);
		expect(sent.length).toBe(1);
		await vi.advanceTimersByTimeAsync(399);
		expect(sent.length).toBe(1);
		await vi.advanceTimersByTimeAsync(1);
		expect(sent).toEqual([[1], [2, 3]]);
		// 5 items a second for 10 s: ≤ 2.5 sends a second, nothing lost or reordered
		let n = 100;
		for (let t = 0; t < 10_000; t += 200) {
			b.push(n++);
			await vi.advanceTimersByTimeAsync(200);
		}
		await vi.advanceTimersByTimeAsync(400);
		const later = sent.slice(2);
		expect(later.length).toBeLessThanOrEqual(26);
		expect(later.flat()).toEqual(Array.from({ length: 50 }, (_, i) => 100 + i));
		// after a quiet window, the next item goes at once again
		await vi.advanceTimersByTimeAsync(1000);
		b.push(999);
		expect(sent.at(-1)).toEqual([999]);
		b.stop();
	});
});
