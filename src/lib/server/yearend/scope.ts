// Which year-end statistics a viewer asked for and may see: ?year=&unit=.
// An administrator sees the whole organisation (no unit) or any unit; a unit
// leader their subtrees only (another unit answers 404, as if it did not
// exist). A year that is not a whole number in range is refused with a
// message in the UI language.
import { error } from '@sveltejs/kit';
import type { Db } from '../db/index.ts';
import type { SessionUser } from '../auth/types.ts';
import { guard } from '../auth/index.ts';
import { requireReportUnit } from '../reports/scope.ts';
import { yearOf } from '../clock/index.ts';
import { errorBody } from '../edge/errors.ts';
import { m } from '../../paraglide/messages.js';
import type { YearEndQuery } from './query.ts';

export interface YearEndTarget {
	query: YearEndQuery;
	/** Years with any class or training record, newest first (the current year included). */
	years: number[];
	/** From the viewer's own root down to the unit (empty for the whole organisation). */
	path: { id: number; name: string }[];
	/** Units directly below, to drill down. */
	children: { id: number; name: string }[];
	/** Whether the viewer may see the whole organisation. */
	wholeOrg: boolean;
}

const YEAR = /^\d{4}$/;

export async function yearEndTarget(
	sql: Db,
	user: SessionUser,
	params: URLSearchParams
): Promise<YearEndTarget> {
	const roots = guard.scopeRootIds(user);
	const unitParam = params.get('unit');
	let unitId: number | null;
	if (unitParam !== null && unitParam !== '') {
		unitId = /^\d{1,9}$/.test(unitParam) ? Number(unitParam) : NaN;
		await requireReportUnit(sql, user, unitId);
	} else if (roots === null) unitId = null;
	else if (roots.length) unitId = roots[0];
	else error(404, m.error_not_found());

	const yearParam = params.get('year');
	const years = await sql<{ y: number }[]>`
		select distinct y from (
			select extract(year from starts_on)::int as y from classes
			union all select extract(year from starts_on)::int from training_records
			union all select ${yearOf(new Date())}::int) t
		order by y desc`;
	let year: number;
	if (yearParam !== null && yearParam !== '') {
		year = YEAR.test(yearParam) ? Number(yearParam) : NaN;
		if (!(year >= 2000 && year <= 2100)) error(400, errorBody('bad_year', m.yearend_bad_year()));
	} else {
		// the latest year with classes in scope, else this year
		const [latest] = await sql<{ y: number | null }[]>`
			select max(extract(year from c.starts_on))::int as y from classes c
			where ${unitId === null ? sql`true` : sql`c.organiser_unit_id in (select descendant_id from org_closure where ancestor_id = ${unitId})`}
				and c.starts_on <= current_date`;
		year = latest?.y ?? yearOf(new Date());
	}

	const [path, children] = await Promise.all([
		unitId === null
			? []
			: sql<{ id: number; name: string }[]>`
				select u.id, u.name from org_closure c join org_units u on u.id = c.ancestor_id
				where c.descendant_id = ${unitId} order by c.depth desc`,
		sql<{ id: number; name: string }[]>`
			select id, name from org_units
			where ${unitId === null ? sql`parent_id is null` : sql`parent_id = ${unitId}`}
			order by sort_order, name, id`
	]);
	// breadcrumbs start at the viewer's own root: what is above is not theirs
	const from = roots ? path.findIndex((p) => roots.includes(p.id)) : 0;
	return {
		query: { year, unitId },
		years: years.map((r) => r.y).filter((y) => y >= 2000 && y <= 2100),
		path: path.slice(Math.max(0, from)),
		children,
		wholeOrg: roots === null
	};
}
