// People (users as the roster sees them): find, read, edit, enable/disable,
// reset password, leader scopes. Login itself lives in $lib/server/auth.
import { randomInt } from 'node:crypto';
import type { Db } from '$lib/server/db';
import { hashPassword } from '$lib/server/auth/passwords';
import { ROLES, type Role } from '$lib/server/auth/types';
import { inTransaction } from '../db/tx.ts';
import { reactions } from '../reactions.ts';
import { isRankLevel, type RankLevel } from './rank-levels.ts';
import { MAX_NAME, MAX_POSITION, isPhone, asciiFold } from './roster-import/validate.ts';
import { unitPathsOf } from './unit-paths.ts';

export interface PersonListItem {
	id: number;
	employeeNo: string;
	name: string;
	unitId: number;
	unitPath: string;
	rankLevel: RankLevel;
	position: string;
	active: boolean;
	roles: Role[];
}

export interface Person extends PersonListItem {
	phone: string;
	mustChangePassword: boolean;
	/** 岗位专业性强/难调岗位: dispatch (调训) gives them priority */
	specialisedPost: boolean;
	leaderScopes: { unitId: number; path: string }[];
	createdAt: Date;
	updatedAt: Date;
}

export interface FindPeopleOptions {
	/** Part of a name, or of an employee number (case-insensitive). */
	q?: string;
	unitId?: number;
	/** With unitId: the unit and every unit below it (default: that unit only). */
	includeSubtree?: boolean;
	/** Subtrees the caller may see; null: everything (administrators). */
	scopeRootIds: number[] | null;
	active?: boolean;
	limit: number;
	offset: number;
}

const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export async function findPeople(
	sql: Db,
	opts: FindPeopleOptions
): Promise<{ total: number; people: PersonListItem[] }> {
	if (opts.scopeRootIds && opts.scopeRootIds.length === 0) return { total: 0, people: [] };
	const conds = [sql`true`];
	const q = opts.q?.trim();
	if (q) conds.push(sql`(u.name like ${likePattern(q)} or u.employee_no ilike ${likePattern(q)})`);
	if (opts.unitId !== undefined) {
		conds.push(
			opts.includeSubtree
				? sql`u.unit_id in (select descendant_id from org_closure where ancestor_id = ${opts.unitId})`
				: sql`u.unit_id = ${opts.unitId}`
		);
	}
	if (opts.scopeRootIds) {
		conds.push(
			sql`u.unit_id in (select descendant_id from org_closure where ancestor_id = any(${opts.scopeRootIds}::int[]))`
		);
	}
	if (opts.active !== undefined) conds.push(sql`u.active = ${opts.active}`);
	const where = conds.reduce((a, b) => sql`${a} and ${b}`);
	const [{ total }] = await sql<
		{ total: number }[]
	>`select count(*) as total from users u where ${where}`;
	const rows = await sql<Omit<PersonListItem, 'unitPath'>[]>`
		select u.id, u.employee_no as "employeeNo", u.name, u.unit_id as "unitId", u.rank_level as "rankLevel",
			u.position, u.active, u.roles
		from users u where ${where}
		order by u.employee_no
		limit ${Math.max(0, Math.min(opts.limit, 500))} offset ${Math.max(0, opts.offset)}`;
	const paths = await unitPathsOf(sql, [...new Set(rows.map((r) => r.unitId))]);
	return { total, people: rows.map((r) => ({ ...r, unitPath: paths.get(r.unitId) ?? '' })) };
}

export async function getPerson(sql: Db, id: number): Promise<Person | null> {
	const [row] = await sql<Omit<Person, 'unitPath' | 'leaderScopes'>[]>`
		select id, employee_no as "employeeNo", name, unit_id as "unitId", rank_level as "rankLevel", position, phone,
			active, roles, must_change_password as "mustChangePassword", specialised_post as "specialisedPost", created_at as "createdAt", updated_at as "updatedAt"
		from users where id = ${id}`;
	if (!row) return null;
	const scopes = await sql<{ unitId: number }[]>`
		select unit_id as "unitId" from leader_scopes where user_id = ${id} order by unit_id`;
	const paths = await unitPathsOf(sql, [row.unitId, ...scopes.map((s) => s.unitId)]);
	return {
		...row,
		unitPath: paths.get(row.unitId) ?? '',
		leaderScopes: scopes
			.map((s) => ({ unitId: s.unitId, path: paths.get(s.unitId) ?? '' }))
			.sort((a, b) => a.path.localeCompare(b.path, 'zh-CN'))
	};
}

export interface PersonInput {
	name: string;
	unitId: number;
	rankLevel: string;
	position: string;
	phone: string;
	roles: string[];
	/** left as it is when omitted */
	specialisedPost?: boolean;
}

export type PersonField = 'name' | 'unit' | 'rankLevel' | 'position' | 'phone' | 'roles';
export interface PersonFieldError {
	field: PersonField;
	code: 'required' | 'too_long' | 'unknown' | 'invalid';
	params?: Record<string, string | number>;
}

/** Field problems of an edit (unit existence is checked by updatePerson). */
export function validatePersonInput(input: PersonInput): PersonFieldError[] {
	const errors: PersonFieldError[] = [];
	const name = input.name.trim();
	if (!name) errors.push({ field: 'name', code: 'required' });
	else if ([...name].length > MAX_NAME)
		errors.push({ field: 'name', code: 'too_long', params: { max: MAX_NAME } });
	if (!Number.isInteger(input.unitId) || input.unitId <= 0)
		errors.push({ field: 'unit', code: 'required' });
	if (!isRankLevel(input.rankLevel)) errors.push({ field: 'rankLevel', code: 'invalid' });
	if ([...input.position.trim()].length > MAX_POSITION)
		errors.push({ field: 'position', code: 'too_long', params: { max: MAX_POSITION } });
	const phone = asciiFold(input.phone);
	if (phone && !isPhone(phone)) errors.push({ field: 'phone', code: 'invalid' });
	if (input.roles.length === 0) errors.push({ field: 'roles', code: 'required' });
	else if (!input.roles.every((r) => (ROLES as readonly string[]).includes(r)))
		errors.push({ field: 'roles', code: 'invalid' });
	return errors;
}

/** Saves an edit. Not found → null; bad input → its errors and nothing changed. */
export async function updatePerson(
	sql: Db,
	id: number,
	input: PersonInput
): Promise<{ ok: true } | { ok: false; errors: PersonFieldError[] } | null> {
	const errors = validatePersonInput(input);
	if (errors.length === 0) {
		const [unit] = await sql`select 1 from org_units where id = ${input.unitId}`;
		if (!unit) errors.push({ field: 'unit', code: 'unknown' });
	}
	if (errors.length) return { ok: false, errors };
	const roles = ROLES.filter((r) => input.roles.includes(r));
	const count = await inTransaction(sql, async (tx) => {
		const result = await tx`
			update users set name = ${input.name.trim()}, unit_id = ${input.unitId}, rank_level = ${input.rankLevel},
				position = ${input.position.trim()}, phone = ${asciiFold(input.phone)}, roles = ${roles}::text[],
				specialised_post = coalesce(${input.specialisedPost ?? null}::boolean, specialised_post), updated_at = now()
			where id = ${id}`;
		// A new unit or rank may take the person into or out of study programmes.
		if (result.count) await reactions().peopleChanged(tx, [id]);
		return result.count;
	});
	return count ? { ok: true } : null;
}

/** Enables or disables an account; disabling ends its sessions. False when there is no such person. */
export async function setActive(sql: Db, id: number, active: boolean): Promise<boolean> {
	return inTransaction(sql, async (tx) => {
		const result =
			await tx`update users set active = ${active}, updated_at = now() where id = ${id}`;
		if (!active) await tx`delete from sessions where user_id = ${id}`;
		// Disabled people leave their programmes (history kept); re-enabled ones come back.
		if (result.count) await reactions().peopleChanged(tx, [id]);
		return result.count > 0;
	});
}

// No 0/O/o, 1/l/I: read aloud or copied from a screen without mistakes.
const TEMP_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789';

/** A random temporary password with at least one letter and one digit. */
export function temporaryPassword(length = 10): string {
	for (;;) {
		let out = '';
		for (let i = 0; i < length; i++) out += TEMP_ALPHABET[randomInt(TEMP_ALPHABET.length)];
		if (/[A-Za-z]/.test(out) && /\d/.test(out)) return out;
	}
}

/**
 * Gives a person a new temporary password (returned once, for the admin to
 * pass on), which they must change at next login; ends their sessions.
 * Null when there is no such person.
 */
export async function resetPassword(sql: Db, id: number): Promise<string | null> {
	const password = temporaryPassword();
	const hash = await hashPassword(password);
	return inTransaction(sql, async (tx) => {
		const result = await tx`
			update users set password_hash = ${hash}, must_change_password = true, updated_at = now() where id = ${id}`;
		if (result.count === 0) return null;
		await tx`delete from sessions where user_id = ${id}`;
		return password;
	});
}

/** Replaces a unit leader's scope roots. Unknown unit ids → false, nothing changed. */
export async function setLeaderScopes(
	sql: Db,
	userId: number,
	unitIds: number[]
): Promise<boolean> {
	const ids = [...new Set(unitIds)];
	return inTransaction(sql, async (tx) => {
		const [{ n }] = await tx<
			{ n: number }[]
		>`select count(*) as n from org_units where id = any(${ids}::int[])`;
		if (n !== ids.length) return false;
		await tx`delete from leader_scopes where user_id = ${userId}`;
		if (ids.length) {
			await tx`insert into leader_scopes (user_id, unit_id) select ${userId}, unnest(${ids}::int[])`;
		}
		return true;
	});
}
