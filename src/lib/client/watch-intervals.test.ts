import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { coveredSeconds, mergeIntervals, WatchIntervals } from './watch-intervals';

/** Feeds observations every `step` media seconds from `from` to `to`. */
function play(w: WatchIntervals, from: number, to: number, step = 0.25, rate = 1) {
	for (let t = from; t <= to + 1e-9; t += step) w.observe(Math.min(t, to), rate);
}

describe('WatchIntervals', () => {
	it('counts contiguous playback as one interval', () => {
		const w = new WatchIntervals();
		play(w, 0, 10);
		expect(w.take()).toEqual([[0, 10]]);
	});

	it('treats a jump ahead as a seek and never credits the skipped part', () => {
		const w = new WatchIntervals();
		play(w, 0, 5);
		expect(w.observe(60, 1)).toBe(false); // jumped 55 s between two timeupdates
		play(w, 60, 62);
		const got = w.take();
		expect(got).toEqual([
			[0, 5],
			[60, 62]
		]);
		expect(coveredSeconds(got)).toBe(7);
	});

	it('treats a jump back as a seek', () => {
		const w = new WatchIntervals();
		play(w, 10, 20);
		expect(w.observe(3, 1)).toBe(false);
		play(w, 3, 5);
		expect(w.take()).toEqual([
			[3, 5],
			[10, 20]
		]);
	});

	it('scales the seek threshold with the playback rate', () => {
		const fast = new WatchIntervals();
		fast.observe(0, 2);
		expect(fast.observe(2.5, 2)).toBe(true); // 2.5 s step at 2× is ≤ 3 s
		expect(fast.take()).toEqual([[0, 2.5]]);

		const normal = new WatchIntervals();
		normal.observe(0, 1);
		expect(normal.observe(2.5, 1)).toBe(false); // the same step at 1× is a seek
		expect(normal.take()).toEqual([]);

		const slow = new WatchIntervals();
		slow.observe(0, 0.75);
		expect(slow.observe(1.2, 0.75)).toBe(false); // > 1.125 s at 0.75×
	});

	it('closes the interval on an explicit seek and restarts at the target', () => {
		const w = new WatchIntervals();
		play(w, 0, 4);
		w.seek(4.5); // a small seek: still not credited
		play(w, 4.5, 6);
		expect(w.take()).toEqual([
			[0, 4],
			[4.5, 6]
		]);
	});

	it('take() cuts the open interval and continues from there without gaps or overlap', () => {
		const w = new WatchIntervals();
		play(w, 0, 3);
		expect(w.take()).toEqual([[0, 3]]);
		expect(w.hasPending).toBe(false);
		play(w, 3.25, 6);
		expect(w.take()).toEqual([[3, 6]]);
		expect(w.take()).toEqual([]);
	});

	it('ignores nonsense times', () => {
		const w = new WatchIntervals();
		expect(w.observe(Number.NaN, 1)).toBe(false);
		expect(w.observe(-1, 1)).toBe(false);
		play(w, 0, 1);
		expect(w.take()).toEqual([[0, 1]]);
	});

	it('never credits more media time than the contiguous steps allow (property)', () => {
		fc.assert(
			fc.property(
				fc.array(
					fc.record({
						t: fc.double({ min: 0, max: 600, noNaN: true }),
						rate: fc.constantFrom(0.75, 1, 1.5, 2),
						cut: fc.boolean()
					}),
					{
						maxLength: 200
					}
				),
				(obs) => {
					const w = new WatchIntervals();
					let bound = 0;
					let last: number | null = null;
					const taken: [number, number][] = [];
					for (const { t, rate, cut } of obs) {
						if (last !== null && t >= last && t - last <= 1.5 * rate) bound += t - last;
						last = t;
						w.observe(t, rate);
						if (cut) taken.push(...w.take());
					}
					taken.push(...w.take());
					// Credited time never exceeds the sum of accepted forward steps
					// (up to the millisecond rounding of each interval's ends).
					expect(coveredSeconds(taken)).toBeLessThanOrEqual(bound + 0.001 * taken.length + 1e-9);
					for (const [a, b] of taken) expect(b).toBeGreaterThan(a);
				}
			)
		);
	});
});

describe('mergeIntervals', () => {
	it('joins overlapping and touching intervals and drops empty ones', () => {
		expect(
			mergeIntervals([
				[5, 6],
				[0, 2],
				[2, 3],
				[7, 7],
				[1, 2.5]
			])
		).toEqual([
			[0, 3],
			[5, 6]
		]);
	});
});
