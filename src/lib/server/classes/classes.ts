// A class (班次) and its course menu (一班一策). Input arrives validated by
// the caller's form parsing; overlaps of a lecturer or a place are refused
// by the database's exclusion constraints (0110), mapped here to messages.
import type { Db } from '../db/index.ts';
import { ClassError } from './errors.ts';

export type ClassStatus = 'planning' | 'enrolling' | 'running' | 'finished';
export type SessionKind = 'lecture' | 'case_study' | 'field_teaching' | 'structured_discussion';

export interface NewClass {
	title: string;
	groupCode: string | null;
	fieldCode: string | null;
	organiserUnitId: number;
	startsOn: string;
	endsOn: string;
	siteId: number | null;
	locationText: string;
	capacity: number;
	completionShare?: number;
}

export async function createClass(sql: Db, c: NewClass, createdBy: number): Promise<number> {
	const [row] = await sql`
		insert into classes (title, group_code, field_code, organiser_unit_id, starts_on, ends_on,
			site_id, location_text, capacity, completion_share, created_by)
		values (${c.title.trim()}, ${c.groupCode}, ${c.fieldCode}, ${c.organiserUnitId}, ${c.startsOn},
			${c.endsOn}, ${c.siteId}, ${c.locationText.trim()}, ${c.capacity}, ${c.completionShare ?? 0.8},
			${createdBy})
		returning id`;
	return row.id;
}

export async function setStatus(sql: Db, classId: number, status: ClassStatus): Promise<void> {
	if (status === 'finished') throw new Error('finish a class with finishClass()');
	const rows = await sql`
		update classes set status = ${status} where id = ${classId} and status <> 'finished' returning id`;
	if (!rows.length) throw new ClassError('finished');
}

/** Sets (or replaces) a unit's quota; a quota below what is already used is refused by the database. */
export async function setQuota(sql: Db, classId: number, unitId: number, quota: number) {
	await sql`
		insert into class_quotas (class_id, unit_id, quota) values (${classId}, ${unitId}, ${quota})
		on conflict (class_id, unit_id) do update set quota = excluded.quota`;
}

export interface NewSession {
	startsAt: Date;
	endsAt: Date;
	topic: string;
	kind: SessionKind;
	lecturerId: number | null;
	siteId: number | null;
	routeId: number | null;
	placeText: string;
}

const OVERLAP: Record<string, 'lecturer_busy' | 'place_busy'> = {
	class_sessions_lecturer_overlap: 'lecturer_busy',
	class_sessions_site_overlap: 'place_busy',
	class_sessions_route_overlap: 'place_busy',
	class_sessions_place_overlap: 'place_busy'
};

export async function addSession(sql: Db, classId: number, s: NewSession): Promise<number> {
	try {
		const [row] = await sql`
			insert into class_sessions (class_id, starts_at, ends_at, topic, kind, lecturer_id, site_id, route_id, place_text)
			select id, ${s.startsAt}, ${s.endsAt}, ${s.topic.trim()}, ${s.kind}, ${s.lecturerId}, ${s.siteId},
				${s.routeId}, ${s.placeText.trim()}
			from classes where id = ${classId} and status <> 'finished'
			returning id`;
		if (!row) throw new ClassError('finished');
		return row.id;
	} catch (e) {
		const err = e as { code?: string; constraint_name?: string };
		if (err.code === '23P01' && err.constraint_name && OVERLAP[err.constraint_name])
			throw new ClassError(OVERLAP[err.constraint_name]);
		throw e;
	}
}

export interface SessionRow {
	id: number;
	startsAt: Date;
	endsAt: Date;
	topic: string;
	kind: SessionKind;
	lecturerId: number | null;
	lecturerName: string | null;
	place: string;
}

export async function listSessions(sql: Db, classId: number): Promise<SessionRow[]> {
	return sql<SessionRow[]>`
		select s.id, s.starts_at as "startsAt", s.ends_at as "endsAt", s.topic, s.kind,
			s.lecturer_id as "lecturerId", l.name as "lecturerName",
			coalesce(ts.name, tr.name, s.place_text) as place
		from class_sessions s
		left join lecturers l on l.id = s.lecturer_id
		left join teaching_sites ts on ts.id = s.site_id
		left join teaching_routes tr on tr.id = s.route_id
		where s.class_id = ${classId} order by s.starts_at, s.id`;
}

/** The class menu's lecturer picker: one search, kept with the lecturer pool. */
export { searchLecturers } from '../lecturers/store.ts';

/** Bases, points and routes a session (or class) can take place at. */
export async function placeOptions(sql: Db) {
	const sites = await sql<{ id: number; kind: 'base' | 'point'; name: string }[]>`
		select id, kind, name from teaching_sites where active order by kind, name`;
	const routes = await sql<{ id: number; name: string }[]>`
		select id, name from teaching_routes where active order by name`;
	return { sites, routes };
}
