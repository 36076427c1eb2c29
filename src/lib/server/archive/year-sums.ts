// Reading credit_person_years (migration 0170): one row per person and year
// with a column per ledger source (the names of REQUIREMENT_SOURCES), the
// valid 学时 in hundredths of an hour, kept by statement-level triggers on
// the ledger and its voids. Integer hundredths keep sums exact and cheap.
import type { Db } from '../db/index.ts';
import { REQUIREMENT_SOURCES } from '../../api/archive.ts';

const COLUMNS: readonly string[] = REQUIREMENT_SOURCES;

/** `alias.course + alias.live + …`: the hundredths of `sources` in a row of credit_person_years (0 for none). */
export function centsOf(sql: Db, alias: string, sources: readonly string[]) {
	const unknown = sources.filter((s) => !COLUMNS.includes(s));
	if (unknown.length)
		throw new Error(`credit_person_years has no column for ${unknown.join(', ')}`);
	return [...new Set(sources)].reduce((a, s) => sql`${a} + ${sql(`${alias}.${s}`)}`, sql`0`);
}

/** Hours (at most two decimals) as hundredths. */
export const toCents = (hours: number) => Math.round(hours * 100);
