// Reading programmes for the management pages (list and one programme).
import * as limits from '../../api/limits.ts';
import type postgres from 'postgres';
import type { SessionUser } from '../auth/types.ts';
import type { Db } from '../db/index.ts';
import { unitPathsOf } from '../org/unit-paths.ts';
import type { RankLevel } from '../org/rank-levels.ts';
import { scopeRootIds } from '../auth/guard.ts';
import { manageableFilter } from './access.ts';

export type ProgrammeStatus = 'draft' | 'published' | 'archived';

export interface ProgrammeListItem {
	id: number;
	title: string;
	status: ProgrammeStatus;
	startsAt: Date;
	deadline: Date;
	assigned: number;
	completed: number;
	ownerPath: string | null;
	/** false: owned outside the person's scope, shown read-only with its report */
	manage: boolean;
}

/**
 * The programmes a person may manage, and (for a unit leader) those owned
 * elsewhere (组织部（全局）, a prefecture) that have people assigned inside
 * their subtrees: listed read-only (manage false), their counts the leader's
 * own people, with the way to their report.
 */
export async function listProgrammes(sql: Db, user: SessionUser): Promise<ProgrammeListItem[]> {
	const roots = scopeRootIds(user);
	const inScope =
		roots && roots.length
			? sql`c.unit_id in (select descendant_id from org_closure where ancestor_id = any(${roots}::int[]))`
			: sql`false`;
	const rows = await sql`
		with v as (
			select p.*, ${manageableFilter(sql, user)} as manage from programmes p
		)
		select v.id, v.title, v.status, v.starts_at, v.deadline, v.owner_unit_id, v.manage,
			case when v.manage then
				(select count(*) from programme_assignments a where a.programme_id = v.id and a.removed_at is null)
			else (select coalesce(sum(c.assigned), 0) from programme_unit_counts c where c.programme_id = v.id and ${inScope})
			end::int as assigned,
			case when v.manage then
				(select count(*) from programme_assignments a where a.programme_id = v.id and a.removed_at is null and a.status = 'completed')
			else (select coalesce(sum(c.completed), 0) from programme_unit_counts c where c.programme_id = v.id and ${inScope})
			end::int as completed
		from v
		where v.manage or (v.status <> 'draft' and exists (
			select 1 from programme_unit_counts c where c.programme_id = v.id and c.assigned > 0 and ${inScope}))
		order by (v.status = 'archived'), v.deadline desc, v.id desc
		limit 500`;
	const paths = await unitPathsOf(sql, [
		...new Set(rows.filter((r) => r.owner_unit_id).map((r) => r.owner_unit_id as number))
	]);
	return rows.map((r) => ({
		id: r.id,
		title: r.title,
		status: r.status,
		startsAt: r.starts_at,
		deadline: r.deadline,
		assigned: r.assigned,
		completed: r.completed,
		ownerPath: r.owner_unit_id ? (paths.get(r.owner_unit_id) ?? null) : null,
		manage: r.manage === true
	}));
}

export interface ProgrammeDetail {
	id: number;
	title: string;
	description: string;
	status: ProgrammeStatus;
	ownerUnitId: number | null;
	startsAt: Date;
	deadline: Date;
	publishedAt: Date | null;
	minElectives: number | null;
	minElectiveHours: number | null;
	rankLevels: RankLevel[] | null;
	presenceCheck: boolean;
	maxCreditedRate: number | null;
	courses: { courseId: number; title: string; required: boolean; status: string }[];
	units: { unitId: number; path: string }[];
	people: { userId: number; employeeNo: string; name: string }[];
	counts: {
		assigned: number;
		notStarted: number;
		inProgress: number;
		completed: number;
		overdue: number;
		removed: number;
	};
}

/** The programme if the person may manage it, else null. */
export async function getProgramme(
	sql: postgres.Sql,
	user: SessionUser,
	id: number
): Promise<ProgrammeDetail | null> {
	const [p] = await sql`
		select p.*, now() as now from programmes p where p.id = ${id} and ${manageableFilter(sql, user)}`;
	if (!p) return null;
	const [courses, units, people, [counts]] = await Promise.all([
		sql`
			select pc.course_id, c.title, pc.required, c.status from programme_courses pc join courses c on c.id = pc.course_id
			where pc.programme_id = ${id} order by pc.required desc, pc.position`,
		sql`select unit_id from programme_units where programme_id = ${id}`,
		sql`
			select u.id, u.employee_no, u.name from programme_people pp join users u on u.id = pp.user_id
			where pp.programme_id = ${id} order by u.employee_no`,
		sql`
			select count(*) filter (where removed_at is null)::int as assigned,
				count(*) filter (where removed_at is null and status = 'not_started')::int as not_started,
				count(*) filter (where removed_at is null and status = 'in_progress')::int as in_progress,
				count(*) filter (where removed_at is null and status = 'completed')::int as completed,
				count(*) filter (where removed_at is null and status <> 'completed' and ${p.deadline} <= ${p.now})::int as overdue,
				count(*) filter (where removed_at is not null)::int as removed
			from programme_assignments where programme_id = ${id}`
	]);
	const paths = await unitPathsOf(
		sql,
		units.map((u) => u.unit_id)
	);
	return {
		id: p.id,
		title: p.title,
		description: p.description,
		status: p.status,
		ownerUnitId: p.owner_unit_id,
		startsAt: p.starts_at,
		deadline: p.deadline,
		publishedAt: p.published_at,
		minElectives: p.min_electives,
		minElectiveHours: p.min_elective_hours === null ? null : Number(p.min_elective_hours),
		rankLevels: p.rank_levels,
		presenceCheck: p.presence_check,
		maxCreditedRate: p.max_credited_rate === null ? null : Number(p.max_credited_rate),
		courses: courses.map((c) => ({
			courseId: c.course_id,
			title: c.title,
			required: c.required,
			status: c.status
		})),
		units: units
			.map((u) => ({ unitId: u.unit_id as number, path: paths.get(u.unit_id) ?? '' }))
			.sort((a, b) => a.path.localeCompare(b.path, 'zh-CN')),
		people: people.map((u) => ({ userId: u.id, employeeNo: u.employee_no, name: u.name })),
		counts: {
			assigned: counts.assigned,
			notStarted: counts.not_started,
			inProgress: counts.in_progress,
			completed: counts.completed,
			overdue: counts.overdue,
			removed: counts.removed
		}
	};
}

/** Published courses to choose from (title order). */
export async function publishedCourses(
	sql: Db
): Promise<{ id: number; title: string; category: string }[]> {
	return sql<{ id: number; title: string; category: string }[]>`
		select id, title, category from courses where status = 'published' order by title, id limit 1000`;
}

/** People the person may name in an audience, by part of a name or employee number (at most 20). */
export async function searchPeople(
	sql: Db,
	user: SessionUser,
	q: string
): Promise<{ id: number; employeeNo: string; name: string; unitPath: string }[]> {
	const term = q.trim().slice(0, limits.search.people);
	if (!term) return [];
	const like = `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
	const roots = scopeRootIds(user);
	const rows = await sql`
		select u.id, u.employee_no, u.name, u.unit_id from users u
		where u.active and (u.name like ${like} or u.employee_no ilike ${like})
			and ${roots === null ? sql`true` : sql`u.unit_id in (select descendant_id from org_closure where ancestor_id = any(${roots}::int[]))`}
		order by u.employee_no limit 20`;
	const paths = await unitPathsOf(sql, [...new Set(rows.map((r) => r.unit_id as number))]);
	return rows.map((r) => ({
		id: r.id,
		employeeNo: r.employee_no,
		name: r.name,
		unitPath: paths.get(r.unit_id) ?? ''
	}));
}
