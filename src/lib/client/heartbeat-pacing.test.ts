// The outbox's pacing rules, on a controlled clock and random source.
import { describe, expect, it } from 'vitest';
import { HEARTBEAT_MAX_MS, HEARTBEAT_MIN_MS } from '../api/playback.ts';
import {
	clampInterval,
	HeartbeatPacer,
	MAX_BACKOFF_MS,
	MAX_REPLAY_SPREAD_MS
} from './heartbeat-pacing';

function pacer(randoms: number[] = [0.5]) {
	const clock = { ms: 1_000_000 };
	let i = 0;
	const p = new HeartbeatPacer(
		() => randoms[i++ % randoms.length],
		() => clock.ms
	);
	return { p, clock };
}

describe('HeartbeatPacer', () => {
	it('follows the server’s pace, kept within 10–60 s whatever the ack says', () => {
		const { p } = pacer();
		expect(p.intervalMs).toBe(HEARTBEAT_MIN_MS);
		p.acked(25_000);
		expect(p.intervalMs).toBe(25_000);
		p.acked(3_600_000);
		expect(p.intervalMs).toBe(HEARTBEAT_MAX_MS);
		p.acked(5);
		expect(p.intervalMs).toBe(HEARTBEAT_MIN_MS);
		p.acked(undefined); // an older server without pacing
		expect(p.intervalMs).toBe(HEARTBEAT_MIN_MS);
		expect(clampInterval(Number.NaN)).toBe(HEARTBEAT_MIN_MS);
	});

	it('the tick waits the pace × [0.8, 1.2), at least 10 s: players that started together drift apart', () => {
		expect(pacer([0]).p.tickMs()).toBe(HEARTBEAT_MIN_MS); // 8 s would be under the floor
		expect(pacer([0.999]).p.tickMs()).toBe(11_996);
		const at30 = pacer([0, 0.5, 0.999]);
		at30.p.acked(30_000);
		expect([at30.p.tickMs(), at30.p.tickMs(), at30.p.tickMs()]).toEqual([24_000, 30_000, 35_988]);
		const top = pacer([0, 0.999]);
		top.p.acked(HEARTBEAT_MAX_MS);
		expect([top.p.tickMs(), top.p.tickMs()]).toEqual([48_000, 71_976]);
		// 1,000 players in phase at a 60 s pace: after ten beats their phases cover the minute
		const phases = Array.from({ length: 1000 }, () => {
			const p = new HeartbeatPacer();
			p.acked(HEARTBEAT_MAX_MS);
			let t = 0;
			for (let k = 0; k < 10; k++) t += p.tickMs();
			return t % HEARTBEAT_MAX_MS;
		});
		for (let k = 0; k < 6; k++) {
			const n = phases.filter((t) => t >= k * 10_000 && t < (k + 1) * 10_000).length;
			expect(n).toBeGreaterThan(80);
		}
	});

	it('a 503 waits Retry-After × [0.5, 1.5) and slows to at least that pace; blocked until then', () => {
		const low = pacer([0]);
		expect(low.p.shed(20)).toBe(10_000);
		expect(low.p.intervalMs).toBe(20_000);
		expect(low.p.blockedFor()).toBe(10_000);
		low.clock.ms += 9_999;
		expect(low.p.blockedFor()).toBe(1);
		low.clock.ms += 1;
		expect(low.p.blockedFor()).toBe(0);
		const high = pacer([0.999]);
		expect(high.p.shed(20)).toBe(29_980);
		// a forged or absurd Retry-After is capped at the longest interval
		expect(pacer([0]).p.shed(1e9)).toBe(HEARTBEAT_MAX_MS / 2);
	});

	it('a crowd shed together comes back spread over the whole window', () => {
		const waits = Array.from({ length: 1000 }, () => new HeartbeatPacer().shed(10));
		expect(Math.min(...waits)).toBeGreaterThanOrEqual(5_000);
		expect(Math.max(...waits)).toBeLessThan(15_000);
		// roughly uniform: each fifth of the window gets a good share
		for (let k = 0; k < 5; k++) {
			const n = waits.filter((w) => w >= 5_000 + k * 2_000 && w < 7_000 + k * 2_000).length;
			expect(n).toBeGreaterThan(120);
		}
	});

	it('no answer backs off 1 s, 2 s, 4 s … up to 60 s with jitter; an ack resets it', () => {
		const { p } = pacer([1]);
		const waits = Array.from({ length: 10 }, () => p.failed());
		expect(waits.slice(0, 4)).toEqual([1000, 2000, 4000, 8000]);
		expect(Math.max(...waits)).toBe(MAX_BACKOFF_MS);
		p.acked(10_000);
		expect(p.blockedFor()).toBe(0);
		expect(p.failed()).toBe(1000);
		const low = pacer([0]);
		expect(low.p.failed()).toBe(500);
	});

	it('after a reconnect, replays start at a random point of one interval (at most 15 s); nothing pending: at once', () => {
		expect(pacer([0.5]).p.reconnected(0)).toBe(0);
		const { p } = pacer([0.5]);
		expect(p.reconnected(3)).toBe(5_000);
		expect(p.blockedFor()).toBe(5_000);
		p.acked(60_000);
		expect(p.reconnected(3)).toBe(MAX_REPLAY_SPREAD_MS / 2);
		// a reconnect replaces the backoff of the dropped connection
		const b = pacer([1]);
		for (let i = 0; i < 6; i++) b.p.failed();
		expect(b.p.reconnected(1)).toBe(10_000);
		expect(b.p.blockedFor()).toBe(10_000);
	});
});
