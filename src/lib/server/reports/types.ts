// Shapes shared by the report queries, the pages and the exports.

export type { Counts, UnitCounts } from '../../api/reports.ts';

export interface ProgrammeHead {
	id: number;
	title: string;
	status: 'draft' | 'published' | 'archived';
	startsAt: Date;
	deadline: Date;
}

export const REPORT_TZ = 'Asia/Shanghai';

/** Fills overdue and rate from raw counters as of `at`. */
export function withRates<
	T extends { assigned: number; notStarted: number; inProgress: number; completed: number }
>(row: T, deadline: Date, at: Date): T & { overdue: number; rate: number } {
	const late = at.getTime() > deadline.getTime();
	return {
		...row,
		overdue: late ? row.assigned - row.completed : 0,
		rate: row.assigned > 0 ? row.completed / row.assigned : 0
	};
}

/** The calendar day (YYYY-MM-DD) of an instant in Asia/Shanghai. */
export function shanghaiDay(at: Date): string {
	return new Intl.DateTimeFormat('en-CA', {
		timeZone: REPORT_TZ,
		year: 'numeric',
		month: '2-digit',
		day: '2-digit'
	}).format(at);
}

/** The instant a Shanghai day ends (next midnight there, UTC+8 with no DST). */
export function endOfShanghaiDay(day: string): Date {
	return new Date(Date.parse(`${day}T00:00:00+08:00`) + 86_400_000);
}
