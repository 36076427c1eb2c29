// The organiser's edits beyond classes.ts: changing a class's facts, quotas
// with a clear refusal when they fall below what is used, removing a session
// nobody has attended yet, and the choices the class form offers.
import type { Db } from '../db/index.ts';
import { ClassError } from './errors.ts';
import type { NewClass } from './classes.ts';
import { setQuota } from './classes.ts';

export type ManageRefusal = 'capacity_below' | 'quota_below' | 'session_attended';

export class ManageError extends Error {
	constructor(readonly code: ManageRefusal) {
		super(code);
	}
}

const checkFailed = (e: unknown, constraint: string) =>
	(e as { code?: string }).code === '23514' &&
	String((e as { constraint_name?: string }).constraint_name ?? '').includes(constraint);

/** Changes the class's facts (not its organiser unit); a capacity below the enrolled count is refused. */
export async function updateClass(sql: Db, classId: number, c: NewClass): Promise<void> {
	try {
		const rows = await sql`
			update classes set title = ${c.title}, group_code = ${c.groupCode}, field_code = ${c.fieldCode},
				starts_on = ${c.startsOn}, ends_on = ${c.endsOn}, site_id = ${c.siteId},
				location_text = ${c.locationText}, capacity = ${c.capacity},
				completion_share = ${c.completionShare ?? 0.8}
			where id = ${classId} and status <> 'finished' returning id`;
		if (!rows.length) throw new ClassError('finished');
	} catch (e) {
		if (checkFailed(e, 'classes_check')) throw new ManageError('capacity_below');
		throw e;
	}
}

export async function changeQuota(sql: Db, classId: number, unitId: number, quota: number) {
	try {
		await setQuota(sql, classId, unitId, quota);
	} catch (e) {
		if (checkFailed(e, 'class_quotas')) throw new ManageError('quota_below');
		throw e;
	}
}

export async function listQuotas(sql: Db, classId: number) {
	return sql<{ unitId: number; unitName: string; quota: number; used: number }[]>`
		select q.unit_id as "unitId", o.name as "unitName", q.quota, q.used
		from class_quotas q join org_units o on o.id = q.unit_id
		where q.class_id = ${classId} order by o.name`;
}

/** A session without attendance records can be taken off the menu. */
export async function removeSession(sql: Db, classId: number, sessionId: number) {
	const [row] = await sql`
		select exists (select 1 from class_attendance a where a.session_id = ${sessionId}) as attended
		from class_sessions where id = ${sessionId} and class_id = ${classId}`;
	if (!row) throw new ClassError('not_found');
	if (row.attended) throw new ManageError('session_attended');
	await sql`delete from class_sessions where id = ${sessionId} and class_id = ${classId}`;
}

/** The session if it belongs to the class. */
export async function sessionOf(sql: Db, classId: number, sessionId: number) {
	const [s] = await sql<{ id: number; topic: string; startsAt: Date; endsAt: Date }[]>`
		select id, topic, starts_at as "startsAt", ends_at as "endsAt"
		from class_sessions where id = ${sessionId} and class_id = ${classId}`;
	return s ?? null;
}

export async function categories(sql: Db) {
	return sql<{ code: string; kind: 'field' | 'group'; nameZh: string; nameEn: string }[]>`
		select code, kind, name_zh as "nameZh", name_en as "nameEn" from class_categories
		order by kind desc, position, code`;
}

/** Units a class's quotas can go to: the organiser unit's subtree, two levels down. */
export async function quotaUnitOptions(sql: Db, organiserUnitId: number) {
	return sql<{ id: number; name: string; depth: number }[]>`
		select o.id, o.name, oc.depth from org_closure oc join org_units o on o.id = oc.descendant_id
		where oc.ancestor_id = ${organiserUnitId} and oc.depth between 1 and 2
		order by oc.depth, o.name limit 500`;
}

/** Units a person may organise a class for: their scope roots (admins: the top units). */
export async function organiserUnitOptions(sql: Db, scopeRoots: number[] | null) {
	return scopeRoots === null
		? sql<{ id: number; name: string }[]>`
			select o.id, o.name from org_units o join org_closure oc on oc.descendant_id = o.id
			group by o.id, o.name having max(oc.depth) <= 1 order by max(oc.depth), o.name limit 200`
		: sql<{ id: number; name: string }[]>`
			select id, name from org_units where id = any(${scopeRoots}::int[]) order by name`;
}
