// The lecturer pool (师资库): staff lecturers (linked to a login user, who
// earn 学时 for teaching) and external ones (no account). Input is checked
// by validate.ts; a refused save writes nothing, photo included.
import type { Db } from '../db/index.ts';
import { inTransaction } from '../db/tx.ts';
import { photoProblem, removePhoto, storePhoto } from './photo.ts';
import {
	validateLecturer,
	type LecturerFieldError,
	type LecturerInput,
	type LecturerLevel
} from './validate.ts';

export interface Lecturer {
	id: number;
	userId: number | null;
	employeeNo: string | null;
	external: boolean;
	name: string;
	level: LecturerLevel;
	organisation: string;
	title: string;
	topics: string[];
	bio: string;
	photoPath: string | null;
	active: boolean;
}

export type SaveResult = { ok: true; id: number } | { ok: false; errors: LecturerFieldError[] };

export async function getLecturer(sql: Db, id: number): Promise<Lecturer | null> {
	const [row] = await sql<Lecturer[]>`
		select l.id, l.user_id as "userId", u.employee_no as "employeeNo", l.external, l.name, l.level,
			l.organisation, l.title, l.topics, l.bio, l.photo_path as "photoPath", l.active
		from lecturers l left join users u on u.id = l.user_id where l.id = ${id}`;
	return row ?? null;
}

/**
 * Creates (id null) or edits a lecturer. `photo`: new photo bytes, if one was
 * uploaded. Not found (edit) → null.
 */
export async function saveLecturer(
	sql: Db,
	id: number | null,
	input: LecturerInput,
	photo: Uint8Array | null = null
): Promise<SaveResult | null> {
	const checked = validateLecturer(input);
	const errors = checked.ok ? [] : [...checked.errors];
	const bad = photo && photo.length ? photoProblem(photo) : null;
	if (bad) errors.push({ field: 'photo', code: bad, params: {} });
	if (!checked.ok || errors.length) return { ok: false, errors };
	const v = checked.value;
	const outcome = await inTransaction(sql, async (tx): Promise<SaveResult | null> => {
		let userId: number | null = null;
		if (v.employeeNo !== null) {
			const [u] = await tx`select id from users where lower(employee_no) = lower(${v.employeeNo})`;
			if (!u) return { ok: false, errors: [{ field: 'employeeNo', code: 'unknown_user' }] };
			const [taken] = await tx`
				select 1 from lecturers where user_id = ${u.id} and id is distinct from ${id}::int`;
			if (taken) return { ok: false, errors: [{ field: 'employeeNo', code: 'user_taken' }] };
			userId = u.id;
		}
		if (id === null) {
			const [row] = await tx`
				insert into lecturers (user_id, external, name, level, organisation, title, topics, bio)
				values (${userId}, ${v.external}, ${v.name}, ${v.level}, ${v.organisation}, ${v.title},
					${v.topics}::text[], ${v.bio})
				returning id`;
			return { ok: true, id: row.id };
		}
		const rows = await tx`
			update lecturers set user_id = ${userId}, external = ${v.external}, name = ${v.name}, level = ${v.level},
				organisation = ${v.organisation}, title = ${v.title}, topics = ${v.topics}::text[], bio = ${v.bio},
				updated_at = now()
			where id = ${id} returning id`;
		return rows.length ? { ok: true, id } : null;
	});
	if (outcome?.ok && photo && photo.length) await replacePhoto(sql, outcome.id, photo);
	return outcome;
}

async function replacePhoto(sql: Db, id: number, bytes: Uint8Array) {
	const rel = await storePhoto(id, bytes);
	const [old] = await sql`
		update lecturers l set photo_path = ${rel}, updated_at = now()
		from (select photo_path from lecturers where id = ${id}) o
		where l.id = ${id} returning o.photo_path`;
	await removePhoto(old?.photo_path);
}

/** Deactivates (or reactivates) a lecturer; false when there is no such lecturer. */
export async function setLecturerActive(sql: Db, id: number, active: boolean): Promise<boolean> {
	// an account-less staff lecturer (their user was deleted) can only stay inactive
	const rows = await sql`
		update lecturers set active = ${active}, updated_at = now()
		where id = ${id} and (not ${active}::boolean or external or user_id is not null) returning id`;
	return rows.length > 0;
}

export interface LecturerListItem {
	id: number;
	name: string;
	external: boolean;
	level: LecturerLevel;
	organisation: string;
	title: string;
	topics: string[];
	active: boolean;
	sessions: number;
	rating: number | null;
}

const likeOf = (text: string) => `%${text.trim().replace(/[\\%_]/g, (c) => '\\' + c)}%`;

/** The pool page: by name or topic (part of either), inactive ones only when asked; paged. */
export async function listLecturers(
	sql: Db,
	opts: { q?: string; includeInactive?: boolean; limit: number; offset: number }
): Promise<{ total: number; lecturers: LecturerListItem[] }> {
	const like = likeOf(opts.q ?? '');
	const where = sql`(${!!opts.includeInactive}::boolean or l.active)
		and (l.name ilike ${like} or exists (select 1 from unnest(l.topics) t where t ilike ${like}))`;
	const [{ total }] = await sql`select count(*)::int as total from lecturers l where ${where}`;
	const lecturers = await sql<LecturerListItem[]>`
		select l.id, l.name, l.external, l.level, l.organisation, l.title, l.topics, l.active,
			(select count(*)::int from class_sessions s where s.lecturer_id = l.id) as sessions,
			(select round(avg(v.lecturer_score), 2)::float8 from class_evaluations v where v.lecturer_id = l.id) as rating
		from lecturers l where ${where}
		order by l.active desc, l.name, l.id
		limit ${Math.min(Math.max(opts.limit, 1), 200)} offset ${Math.max(opts.offset, 0)}`;
	return { total, lecturers };
}

/** Lecturers of the pool whose topics (or name) contain the text: the class menu's picker. */
export async function searchLecturers(sql: Db, text: string, limit = 20) {
	const like = likeOf(text);
	return sql<
		{ id: number; name: string; topics: string[]; organisation: string; external: boolean }[]
	>`
		select id, name, topics, organisation, external from lecturers
		where active and (name ilike ${like} or exists (select 1 from unnest(topics) t where t ilike ${like}))
		order by name, id limit ${limit}`;
}
