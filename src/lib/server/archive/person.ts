// One person's archive (一人一档) for a year: per requirement in force for
// their rank level, earned vs required over its window (the calendar year, or
// the N years ending with it: 县处级's 550 学时 in five years), what is
// missing and the entries behind each figure; the year's other entries and the
// training history.
import type { Db } from '../db/index.ts';
import type { ArchivePerson, ArchiveView, RequirementFigure } from '../../api/archive.ts';
import { validEntries, sumHours } from './entries.ts';
import { trainingHistory } from './history.ts';
import { versionsInForce } from './requirements.ts';

/** The day a year's requirements are read on: its last day, or today for the current year. */
export function asOfDay(year: number, today: string): string {
	const last = `${year}-12-31`;
	return today < last ? today : last;
}

export async function archivePerson(sql: Db, userId: number): Promise<ArchivePerson | null> {
	const [p] = await sql`
		select u.id, u.name, u.employee_no, u.rank_level, u.position,
			(select string_agg(btrim(x.name), '/' order by c.depth desc) from org_closure c
				join org_units x on x.id = c.ancestor_id where c.descendant_id = u.unit_id) as unit_path
		from users u where u.id = ${userId}`;
	if (!p) return null;
	return {
		id: p.id,
		name: p.name,
		employeeNo: p.employee_no,
		unitPath: p.unit_path ?? '',
		rankLevel: p.rank_level,
		position: p.position
	};
}

export async function personArchive(
	sql: Db,
	person: ArchivePerson,
	year: number,
	today: string,
	zone: string
): Promise<ArchiveView> {
	const asOf = asOfDay(year, today);
	const versions = await versionsInForce(sql, asOf, person.rankLevel);
	const widest = Math.max(1, ...versions.map((v) => v.windowYears));
	const fromYear = year - widest + 1;
	const [entries, history] = await Promise.all([
		validEntries(sql, person.id, fromYear, year, zone),
		trainingHistory(sql, person.id, fromYear, year, zone)
	]);
	const figures: RequirementFigure[] = versions.map((v) => {
		const from = year - v.windowYears + 1;
		const behind = entries.filter(
			(e) => e.year >= from && e.year <= year && v.sources.includes(e.source)
		);
		const earned = sumHours(behind);
		return {
			requirementId: v.requirementId,
			versionId: v.id,
			name: v.name,
			windowYears: v.windowYears,
			fromYear: from,
			toYear: year,
			required: v.hours,
			earned,
			missing: Math.max(0, Math.round((v.hours - earned) * 100) / 100),
			entries: behind
		};
	});
	const counted = new Set(figures.flatMap((f) => f.entries.map((e) => e.id)));
	const thisYear = entries.filter((e) => e.year === year);
	return {
		person,
		year,
		asOf,
		figures,
		otherEntries: thisYear.filter((e) => !counted.has(e.id)),
		yearTotal: sumHours(thisYear),
		history
	};
}
