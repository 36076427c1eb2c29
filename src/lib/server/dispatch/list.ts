// The dispatch list (调训): who of a subtree to send to training first. The
// document's rule (优先选调培训经历较少、长期未参加培训、岗位专业性强的):
// fewest 学时 this year against their requirement, longest since their last
// concentrated training, specialised or hard-to-release posts.
//
// One statement: the subtree's people through org_closure, this year's valid
// 学时 from their row of credit_person_years (a column per source in
// hundredths, kept by statement-level triggers on the ledger and its voids:
// 0170), the last concentrated training from their enrolments'
// last_attended_at (0171) and their out-of-region records, ranked and paged
// in the database.
import type { Db } from '../db/index.ts';
import { REQUIREMENT_SOURCES } from '../../api/archive.ts';
import type { RankLevel } from '../org/rank-levels.ts';
import type { UnitKind } from '../org/unit-kinds.ts';

export const DISPATCH_ORDERS = ['hours', 'since', 'specialised'] as const;
export type DispatchOrder = (typeof DISPATCH_ORDERS)[number];
export const DISPATCH_PAGE = 50;

export interface DispatchQuery {
	/** the subtree's root (the caller has checked it is in the viewer's scope) */
	unitId: number;
	year: number;
	/** IANA zone of the organisation, for the day of a class session */
	zone: string;
	rankLevels?: RankLevel[];
	unitKinds?: UnitKind[];
	specialisedOnly?: boolean;
	order?: DispatchOrder;
	limit?: number;
	offset?: number;
}

export interface DispatchRow {
	id: number;
	name: string;
	employeeNo: string;
	unitId: number;
	unitName: string;
	unitKind: UnitKind;
	rankLevel: RankLevel;
	specialisedPost: boolean;
	/** this year's valid 学时 toward the online requirement (the sources it counts; all where there is none) */
	earned: number;
	/** this year's requirement for the rank (null: none, e.g. 职工) */
	required: number | null;
	/** required − earned, at least 0 (0 when there is no requirement) */
	shortfall: number;
	/** the last day of concentrated training (offline class attended, out-of-region), null: none */
	lastTraining: string | null;
}

export interface DispatchPage {
	total: number;
	rows: DispatchRow[];
}

export async function dispatchList(sql: Db, q: DispatchQuery): Promise<DispatchPage> {
	const ranks = q.rankLevels?.length ? q.rankLevels : null;
	const kinds = q.unitKinds?.length ? q.unitKinds : null;
	const order = q.order ?? 'hours';
	const limit = Math.min(Math.max(q.limit ?? DISPATCH_PAGE, 1), 500);
	const offset = Math.max(q.offset ?? 0, 0);
	const byOrder = {
		hours: sql`(required is null), shortfall_c desc, last_training asc nulls first, specialised_post desc`,
		since: sql`last_training asc nulls first, (required is null), shortfall_c desc, specialised_post desc`,
		specialised: sql`specialised_post desc, (required is null), shortfall_c desc, last_training asc nulls first`
	}[order];
	// earned toward the rank's requirement: the sources it counts (all of them where there is none)
	const earned = REQUIREMENT_SOURCES.map(
		(k) =>
			sql`case when r.sources is null or ${k} = any(r.sources) then ${sql(`y.${k}`)} else 0 end`
	).reduce((a, c) => sql`${a} + ${c}`);
	const rows = await sql`
		with people as materialized (
			select u.id, u.name, u.employee_no, u.unit_id, u.rank_level, u.specialised_post, o.name as unit_name, o.kind as unit_kind
			from org_closure oc
			join users u on u.unit_id = oc.descendant_id and u.active
			join org_units o on o.id = u.unit_id
			where oc.ancestor_id = ${q.unitId}
				and (${ranks}::text[] is null or u.rank_level = any(${ranks}::text[]))
				and (${kinds}::text[] is null or o.kind = any(${kinds}::text[]))
				and (not ${!!q.specialisedOnly}::boolean or u.specialised_post)
		),
		attended as (
			select e.user_id, max(e.last_attended_at) as last_at
			from class_enrolments e join people p on p.id = e.user_id
			where e.last_attended_at is not null
			group by e.user_id
		),
		away as (
			select t.user_id, max(t.ends_on) as ends_on
			from training_records t join people p on p.id = t.user_id
			where t.kind = 'out_of_region'
			group by t.user_id
		),
		ranked as (
			select p.*, coalesce(${earned}, 0) as earned_c, r.hours as required,
				greatest(coalesce((r.hours * 100)::int, 0) - coalesce(${earned}, 0), 0) as shortfall_c,
				greatest((att.last_at at time zone ${q.zone})::date, aw.ends_on) as last_training
			from people p
			left join annual_hour_requirements r on r.rank_level = p.rank_level
			left join credit_person_years y on y.user_id = p.id and y.year = ${q.year}
			left join attended att on att.user_id = p.id
			left join away aw on aw.user_id = p.id
		)
		select id, name, employee_no, unit_id, unit_name, unit_kind, rank_level, specialised_post,
			(earned_c / 100.0)::float8 as earned, required::float8, (shortfall_c / 100.0)::float8 as shortfall, to_char(last_training, 'YYYY-MM-DD') as last_training,
			count(*) over ()::int as total
		from ranked
		order by ${byOrder}, employee_no, id
		limit ${limit} offset ${offset}`;
	return {
		total: rows.length ? rows[0].total : await countOnly(sql, q, offset),
		rows: rows.map((r) => ({
			id: r.id,
			name: r.name,
			employeeNo: r.employee_no,
			unitId: r.unit_id,
			unitName: r.unit_name,
			unitKind: r.unit_kind,
			rankLevel: r.rank_level,
			specialisedPost: r.specialised_post,
			earned: r.earned,
			required: r.required,
			shortfall: r.shortfall,
			lastTraining: r.last_training
		}))
	};
}

/** A page past the end has no rows to carry the total: count on its own. */
async function countOnly(sql: Db, q: DispatchQuery, offset: number): Promise<number> {
	if (offset === 0) return 0;
	const page = await dispatchList(sql, { ...q, offset: 0, limit: 1 });
	return page.total;
}
