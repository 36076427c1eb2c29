// What every year-end query shares: the year's bounds and the subtree filter.
import type postgres from 'postgres';
import type { Db } from '../db/index.ts';
import { startOfDay } from '../clock/index.ts';

export const RANKS = ['county', 'township', 'general', 'employee'] as const;

export interface YearEndQuery {
	year: number;
	/** Root of the subtree; null for the whole organisation (administrators). */
	unitId: number | null;
}

/** A condition: the unit-id column lies in the subtree (true for the whole organisation). */
export function inTree(
	sql: Db,
	unitId: number | null,
	column: string
): postgres.PendingQuery<postgres.Row[]> {
	return unitId === null
		? sql`true`
		: sql`${sql(column)} in (select descendant_id from org_closure where ancestor_id = ${unitId})`;
}

export const yearBounds = (year: number) => ({
	from: `${year}-01-01`,
	to: `${year + 1}-01-01`,
	fromAt: startOfDay(`${year}-01-01`),
	toAt: startOfDay(`${year + 1}-01-01`)
});
