import { expect, it } from 'vitest';
import { ACTIVITY_EVERY_MS, dueActivity } from './activity';

it('touches a person at most once per period, whatever the number of heartbeats', () => {
	const t0 = 1_000_000_000_000;
	const a = { userId: 900_001 };
	const b = { userId: 900_002 };
	expect(dueActivity([a, b], t0)).toEqual([a, b]);
	expect(dueActivity([a, b], t0 + 10_000)).toEqual([]);
	expect(dueActivity([a], t0 + ACTIVITY_EVERY_MS - 1)).toEqual([]);
	expect(dueActivity([a, b], t0 + ACTIVITY_EVERY_MS)).toEqual([a, b]);
	// A clock that went back (tests with injected times) does not silence a person.
	expect(dueActivity([a], t0 - 1)).toEqual([a]);
});
