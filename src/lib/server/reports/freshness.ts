// A ReadDb's freshness as the report pages show it (components/Freshness.svelte).
import type { Freshness } from '../../api/freshness.ts';
import { dayOf, orgZone } from '../clock/index.ts';
import { replica, type ReadDb } from '../db/read.ts';

const clocks = new Map<string, Intl.DateTimeFormat>();

/** HH:mm:ss of the instant in the organisation's zone. */
export function clockTime(at: Date, zone = orgZone()): string {
	let f = clocks.get(zone);
	if (!f) {
		f = new Intl.DateTimeFormat('en-GB', {
			timeZone: zone,
			hour: '2-digit',
			minute: '2-digit',
			second: '2-digit',
			hourCycle: 'h23'
		});
		clocks.set(zone, f);
	}
	return f.format(at);
}

export function freshness(read: ReadDb, now = new Date()): Freshness {
	const day = dayOf(read.asOf);
	return {
		source: read.source,
		at: clockTime(read.asOf),
		day: day === dayOf(now) ? null : day,
		lagSeconds: read.lagSeconds,
		fallback: read.fallback ?? null,
		replicated: replica() !== null
	};
}
