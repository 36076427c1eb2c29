// Completion counts as the report pages, the exports and the queries
// (src/lib/server/reports) share them.

export interface Counts {
	assigned: number;
	notStarted: number;
	inProgress: number;
	completed: number;
	/** Not completed while the deadline has passed (0 before it). */
	overdue: number;
	/** completed / assigned, 0..1 (0 when nobody is assigned). */
	rate: number;
}

export interface UnitCounts extends Counts {
	unitId: number;
	name: string;
	kind: string;
	/** Depth below the report's root (root 0). */
	depth: number;
}

export interface UnitReport {
	/** One row per unit shown (children of the unit, or the viewer's scope roots), each rolled up. */
	rows: UnitCounts[];
	/** People assigned directly in the unit itself (not in a child), when any. */
	direct: Counts | null;
	total: Counts;
}

/** The people list's sortable columns (the page's header links, the query, the export). */
export const PEOPLE_SORTS = [
	'status',
	'employee_no',
	'name',
	'unit',
	'progress',
	'last_activity',
	'overdue',
	'reminded'
] as const;
export type PeopleSort = (typeof PEOPLE_SORTS)[number];
export type SortDir = 'asc' | 'desc';

/** The unit report table's sortable columns (sorted in the browser: every row is on the page). */
export const UNIT_SORTS = [
	'name',
	'rate',
	'assigned',
	'completed',
	'inProgress',
	'notStarted',
	'overdue'
] as const;
export type UnitSort = (typeof UNIT_SORTS)[number];
