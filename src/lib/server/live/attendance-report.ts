// The attendance report of a live session per org unit: who was in the
// audience, minutes present, check-ins answered, credited. Rolled up along
// org_closure like the programme reports (a unit's row covers its subtree).
//
// Who may see it: the session's lecturer and administrators (everyone), and
// unit leaders for their own subtrees only (404 when the audience has nobody
// there). People counted: the audience now (units' subtrees and the
// programme's active assignees) plus anyone with an attendance row; each
// person under the unit recorded at the end of the session (else their unit now).
import type postgres from 'postgres';
import type { Db } from '../db/index.ts';
import type { SessionUser } from '../auth/types.ts';

export interface ReportSession {
	id: number;
	title: string;
	status: string;
	startedAt: Date | null;
	endedAt: Date | null;
	checkins: number;
}

export interface ReportAccess {
	session: ReportSession;
	/** null: everything; otherwise the leader's scope roots */
	roots: number[] | null;
}

export interface UnitRow {
	unitId: number;
	name: string;
	audience: number;
	attended: number;
	credited: number;
	minutes: number;
}

export interface PersonRow {
	userId: number;
	employeeNo: string;
	name: string;
	unitName: string;
	minutes: number;
	checkinsAnswered: number;
	checkinsTotal: number;
	credited: boolean;
	finalised: boolean;
}

/** The session and the viewer's scope, or null (→ 404). */
export async function reportAccess(
	sql: Db,
	user: SessionUser,
	sessionId: number
): Promise<ReportAccess | null> {
	if (!Number.isSafeInteger(sessionId) || sessionId <= 0) return null;
	const [s] = await sql`
		select id, title, status, started_at, ended_at, lecturer_id,
			(select count(*)::int from live_checkins c where c.session_id = s.id) as checkins
		from live_sessions s where id = ${sessionId}`;
	if (!s) return null;
	const session = {
		id: s.id,
		title: s.title,
		status: s.status,
		startedAt: s.started_at,
		endedAt: s.ended_at,
		checkins: s.checkins
	};
	if (user.roles.includes('admin') || s.lecturer_id === user.id) return { session, roots: null };
	if (!user.roles.includes('leader') || !user.scopeUnitIds.length) return null;
	const access = { session, roots: user.scopeUnitIds };
	const [hit] = await sql`select exists (${people(sql, sessionId, access.roots)} limit 1) as any`;
	return hit.any ? access : null;
}

/** (user_id, unit_id) of everyone counted, limited to the roots' subtrees. */
function people(
	sql: Db,
	sessionId: number,
	roots: number[] | null
): postgres.PendingQuery<postgres.Row[]> {
	const scope =
		roots === null
			? sql`true`
			: sql`p.unit_id in (select descendant_id from org_closure where ancestor_id = any(${roots}::int[]))`;
	return sql`
		select p.user_id, p.unit_id from (
			select u.id as user_id, coalesce(a.unit_id, u.unit_id) as unit_id
			from (
				select u.id from users u
				where u.active and u.unit_id in (
					select c.descendant_id from live_session_units lu join org_closure c on c.ancestor_id = lu.unit_id
					where lu.session_id = ${sessionId})
				union
				select pa.user_id from programme_assignments pa join live_sessions s on s.programme_id = pa.programme_id
				where s.id = ${sessionId} and pa.removed_at is null
				union
				select user_id from live_attendance where session_id = ${sessionId}
			) ids
			join users u on u.id = ids.id
			left join live_attendance a on a.session_id = ${sessionId} and a.user_id = u.id
			where u.id <> (select lecturer_id from live_sessions where id = ${sessionId})
		) p where ${scope}`;
}

/** Whether the unit is visible to this access (inside the roots). */
export async function unitVisible(sql: Db, access: ReportAccess, unitId: number): Promise<boolean> {
	if (!Number.isSafeInteger(unitId) || unitId <= 0) return false;
	const [row] =
		access.roots === null
			? await sql`select exists (select 1 from org_units where id = ${unitId}) as ok`
			: await sql`select exists (select 1 from org_closure where descendant_id = ${unitId} and ancestor_id = any(${access.roots}::int[])) as ok`;
	return row.ok;
}

/** One rolled-up row per unit one level below `unitId` (or per root / top-level unit), units with nobody counted left out. */
export async function unitRows(
	sql: Db,
	access: ReportAccess,
	unitId: number | null
): Promise<UnitRow[]> {
	const which =
		unitId !== null
			? sql`u.parent_id = ${unitId}`
			: access.roots !== null
				? sql`u.id = any(${access.roots}::int[])`
				: sql`u.parent_id is null`;
	const rows = await sql`
		with p as (${people(sql, access.session.id, access.roots)})
		select u.id, u.name, count(*)::int as audience,
			count(a.user_id) filter (where a.seconds_present > 0 or a.checkins_answered > 0)::int as attended,
			count(a.user_id) filter (where a.credited)::int as credited,
			coalesce(sum(a.seconds_present), 0)::int / 60 as minutes
		from org_units u
		join org_closure cl on cl.ancestor_id = u.id
		join p on p.unit_id = cl.descendant_id
		left join live_attendance a on a.session_id = ${access.session.id} and a.user_id = p.user_id
		where ${which}
		group by u.id
		order by u.sort_order, u.name, u.id`;
	return rows.map((r) => ({
		unitId: r.id,
		name: r.name,
		audience: r.audience,
		attended: r.attended,
		credited: r.credited,
		minutes: r.minutes
	}));
}

/** People of the unit's subtree (or of the whole access), attended (or, while live, joined) first. */
export async function personRows(
	sql: Db,
	access: ReportAccess,
	unitId: number | null,
	page: { limit: number; offset: number }
): Promise<{ rows: PersonRow[]; total: number }> {
	const under =
		unitId === null
			? sql`true`
			: sql`p.unit_id in (select descendant_id from org_closure where ancestor_id = ${unitId})`;
	const rows = await sql`
		with p as (${people(sql, access.session.id, access.roots)})
		select p.user_id, u.employee_no, u.name, ou.name as unit_name,
			coalesce(a.seconds_present, 0) / 60 as minutes, coalesce(a.checkins_answered, 0) as answered,
			coalesce(a.checkins_total, ${access.session.checkins}) as total, coalesce(a.credited, false) as credited,
			a.user_id is not null as finalised, count(*) over () as n
		from p join users u on u.id = p.user_id join org_units ou on ou.id = p.unit_id
		left join live_attendance a on a.session_id = ${access.session.id} and a.user_id = p.user_id
		where ${under}
		-- attended first; before the session is finalised, people who have joined the room first
		order by coalesce(a.seconds_present, -1) desc,
			exists (select 1 from live_presence lp where lp.session_id = ${access.session.id} and lp.user_id = p.user_id) desc,
			u.employee_no
		limit ${page.limit} offset ${page.offset}`;
	return {
		total: rows[0]?.n ?? 0,
		rows: rows.map((r) => ({
			userId: r.user_id,
			employeeNo: r.employee_no,
			name: r.name,
			unitName: r.unit_name,
			minutes: r.minutes,
			checkinsAnswered: r.answered,
			checkinsTotal: r.total,
			credited: r.credited,
			finalised: r.finalised
		}))
	};
}

/** Every person row, in batches (for the streamed xlsx export). */
export async function* personBatches(
	sql: Db,
	access: ReportAccess,
	unitId: number | null,
	size = 2000
): AsyncIterable<PersonRow[]> {
	for (let offset = 0; ; offset += size) {
		const { rows } = await personRows(sql, access, unitId, { limit: size, offset });
		if (rows.length) yield rows;
		if (rows.length < size) return;
	}
}
