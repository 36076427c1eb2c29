import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
	accountKey,
	evaluate,
	ipKey,
	MAX_FAILURES,
	maxFailuresFor,
	retryMinutes,
	WINDOW_SECONDS
} from './throttle';

const now = new Date('2026-03-01T08:00:00Z');
const ago = (seconds: number) => new Date(now.getTime() - seconds * 1000);

describe('throttle window math', () => {
	it('allows up to 9 failures in the window, refuses at 10', () => {
		const nine = Array.from({ length: 9 }, (_, i) => ago(60 * i));
		expect(evaluate(nine, now)).toEqual({ allowed: true });
		const ten = [...nine, ago(600)];
		expect(evaluate(ten, now).allowed).toBe(false);
	});

	it('gives the retry time as when the oldest counted failure leaves the window', () => {
		const failures = Array.from({ length: 10 }, (_, i) => ago(30 * i)); // oldest 270 s ago
		const verdict = evaluate(failures, now);
		expect(verdict).toEqual({
			allowed: false,
			retryAt: new Date(ago(270).getTime() + WINDOW_SECONDS * 1000)
		});
		// …and at that moment an attempt is allowed again.
		if (!verdict.allowed) expect(evaluate(failures, verdict.retryAt)).toEqual({ allowed: true });
	});

	it('with more than 10 failures, waits until only 9 remain', () => {
		const failures = Array.from({ length: 12 }, (_, i) => ago(10 * i)); // 0..110 s ago
		const verdict = evaluate(failures, now);
		// sorted oldest first: 110, 100, 90 s ago… the third oldest (90 s) must leave.
		expect(verdict).toEqual({
			allowed: false,
			retryAt: new Date(ago(90).getTime() + WINDOW_SECONDS * 1000)
		});
	});

	it('does not count failures 15 minutes old or older', () => {
		const failures = [
			...Array.from({ length: 9 }, () => ago(60)),
			ago(WINDOW_SECONDS), // exactly at the edge: left the window
			ago(WINDOW_SECONDS + 1)
		];
		expect(evaluate(failures, now)).toEqual({ allowed: true });
		expect(evaluate([...failures, ago(WINDOW_SECONDS - 1)], now).allowed).toBe(false);
	});

	it('is order-independent and the retry time is always in the future and within the window', () => {
		fc.assert(
			fc.property(
				fc.array(fc.integer({ min: 0, max: 2 * WINDOW_SECONDS }), { maxLength: 30 }),
				(secs) => {
					const failures = secs.map(ago);
					const verdict = evaluate(failures, now);
					const counted = secs.filter((s) => s < WINDOW_SECONDS).length;
					expect(verdict.allowed).toBe(counted < MAX_FAILURES);
					expect(evaluate([...failures].reverse(), now)).toEqual(verdict);
					if (!verdict.allowed) {
						expect(verdict.retryAt.getTime()).toBeGreaterThan(now.getTime());
						expect(verdict.retryAt.getTime()).toBeLessThanOrEqual(
							now.getTime() + WINDOW_SECONDS * 1000
						);
						expect(evaluate(failures, verdict.retryAt).allowed).toBe(true);
						expect(evaluate(failures, new Date(verdict.retryAt.getTime() - 1)).allowed).toBe(false);
					}
				}
			)
		);
	});

	it('keys accounts case-insensitively and IPs as given', () => {
		expect(accountKey(' A123 ')).toBe('acct:a123');
		expect(ipKey('10.0.0.1')).toBe('ip:10.0.0.1');
	});

	it('limits every key to 10; only the per-IP limit can be raised, never lowered', () => {
		const saved = process.env.XUEFAN_LOGIN_IP_MAX_FAILURES;
		try {
			delete process.env.XUEFAN_LOGIN_IP_MAX_FAILURES;
			expect(maxFailuresFor('ip:1.2.3.4')).toBe(10);
			process.env.XUEFAN_LOGIN_IP_MAX_FAILURES = '200';
			expect(maxFailuresFor('ip:1.2.3.4')).toBe(200);
			expect(maxFailuresFor('acct:a001')).toBe(10);
			process.env.XUEFAN_LOGIN_IP_MAX_FAILURES = '3';
			expect(() => maxFailuresFor('ip:1.2.3.4')).toThrow(
				/XUEFAN_LOGIN_IP_MAX_FAILURES: 3 is below the default 10/
			);
		} finally {
			if (saved === undefined) delete process.env.XUEFAN_LOGIN_IP_MAX_FAILURES;
			else process.env.XUEFAN_LOGIN_IP_MAX_FAILURES = saved;
		}
	});

	it('shows whole minutes, at least one', () => {
		expect(retryMinutes(1)).toBe(1);
		expect(retryMinutes(60)).toBe(1);
		expect(retryMinutes(61)).toBe(2);
		expect(retryMinutes(900)).toBe(15);
	});
});
