// The organisation's calendar for rule validity: a version is in force from
// the start of a day there.
const ZONE = 'Asia/Shanghai';

export function orgZone(): string {
	return ZONE;
}

/** Today's date in the organisation's zone, YYYY-MM-DD. */
export function orgToday(now: Date = new Date()): string {
	return new Intl.DateTimeFormat('en-CA', { timeZone: orgZone() }).format(now);
}
