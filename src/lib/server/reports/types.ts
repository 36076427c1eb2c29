// Shapes shared by the report queries, the pages and the exports.

import * as clock from '../clock/index.ts';

export type { Counts, UnitCounts } from '../../api/reports.ts';

export interface ProgrammeHead {
	id: number;
	title: string;
	status: 'draft' | 'published' | 'archived';
	startsAt: Date;
	deadline: Date;
}

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

/** The calendar day (YYYY-MM-DD) of an instant in the organisation's zone (name kept for callers). */
export const shanghaiDay = (at: Date): string => clock.dayOf(at);

/** The instant a day of the organisation's zone ends (its next midnight). */
export const endOfShanghaiDay = (day: string): Date => clock.startOfDay(clock.nextDay(day))!;
