// The overload controller on a backlog the test sets.
import { afterEach, describe, expect, it } from 'vitest';
import { HeartbeatLoad } from './load';

let backlog = { depth: 0, oldestMs: 0, inFlightItems: 0 };
let load: HeartbeatLoad;
const make = () =>
	(load = new HeartbeatLoad(() => backlog, { shedDepth: 1000, shedAgeMs: 200, tickMs: 0 }));
afterEach(() => {
	load.stop();
	backlog = { depth: 0, oldestMs: 0, inFlightItems: 0 };
});

describe('HeartbeatLoad', () => {
	it('accepts while the backlog is under both thresholds; sheds past either, with a Retry-After of one interval', () => {
		make();
		backlog = { depth: 999, oldestMs: 199, inFlightItems: 500 };
		expect(load.shed()).toBeNull();
		backlog = { depth: 1000, oldestMs: 0, inFlightItems: 0 };
		expect(load.shed()).toBe(10);
		backlog = { depth: 1, oldestMs: 200, inFlightItems: 0 };
		expect(load.shed()).toBe(10);
		expect(load.shedTotal).toBe(2);
	});

	it('paces: 10 s when cool, growing ×1.25 per hot second up to 60 s, easing back when cool', () => {
		make();
		expect(load.nextMs()).toBe(10_000);
		load.tick(5);
		expect(load.nextMs()).toBe(10_000);
		load.tick(80); // the event loop itself is behind
		expect(load.nextMs()).toBe(12_500);
		backlog = { depth: 600, oldestMs: 0, inFlightItems: 0 };
		load.shed(); // seen: past half the depth
		backlog = { depth: 0, oldestMs: 0, inFlightItems: 0 };
		load.tick(5);
		expect(load.nextMs()).toBe(15_625);
		for (let i = 0; i < 20; i++) {
			backlog = { depth: 0, oldestMs: 500, inFlightItems: 0 };
			load.shed();
			load.tick(5);
		}
		expect(load.nextMs()).toBe(60_000);
		expect(load.shed()).toBe(60);
		backlog = { depth: 0, oldestMs: 0, inFlightItems: 0 };
		load.tick(5); // something was shed since the last tick: still hot
		expect(load.nextMs()).toBe(60_000);
		load.tick(5);
		expect(load.nextMs()).toBe(58_200);
		for (let i = 0; i < 200; i++) load.tick(5);
		expect(load.nextMs()).toBe(10_000);
		// in between (loop 30 ms): held where it is
		load.tick(80);
		load.tick(30);
		expect(load.nextMs()).toBe(12_500);
	});

	it('sheds while the event loop runs late past shedLagMs, and accepts again once it is on time', () => {
		load = new HeartbeatLoad(() => backlog, {
			shedDepth: 1000,
			shedAgeMs: 200,
			shedLagMs: 250,
			tickMs: 0
		});
		const t = performance.now();
		load.probe(t);
		load.probe(t + 50 + 249); // 249 ms late
		expect(load.shed()).toBeNull();
		load.probe(t + 299 + 50 + 300); // 300 ms late: saturated
		expect(load.shed()).toBe(10);
		load.probe(t + 649 + 50); // on time again
		expect(load.shed()).toBeNull();
		expect(load.shedTotal).toBe(1);
	});
});
