// The one guard module: every page load, form action, endpoint and socket
// handler checks access through these functions, first thing.
//
//   import { guard } from '$lib/server/auth';
//
//   export const load: PageServerLoad = async (event) => {
//     const user = guard.requireRole(event, 'admin', 'leader'); // any one of the roles
//     await guard.requireUnitInScope(db(), user, unitId);       // unit-scoped data
//     …
//   };
//   export const actions = { save: async (event) => { const user = guard.requireUser(event); … } };
//
// Pass the whole `event` (preferred) or just `event.locals`. With the event:
// - signed out → 303 to `/login?next=<this page>` (on `/api/…` a 401 error instead);
// - a person who must still choose a password → 303 to `/password` (403 on `/api/…`),
//   except on /password and /logout themselves;
// With only `locals` the same happens, but without `?next=`.
// Wrong role or unit outside the scope → 403 error() with a message in the UI language.
// Roles are exact: an admin passes requireRole(…, 'admin'), not requireRole(…, 'leader');
// list every role that may enter. Admins see every unit; leaders their subtrees.
//
// Socket handlers (hooks do not run there): `if (!guard.requireSocketRole(socket.data.user, 'lecturer')) return ack({ error: 'forbidden' })`.
import { error, redirect } from '@sveltejs/kit';
import type postgres from 'postgres';
import type { Db } from '../db/index.ts';
import { m } from '../../paraglide/messages.js';
import { errorBody, mustChangePassword, signedOut } from '../edge/errors.ts';
import { currentPath, loginPath } from './next-path.ts';
import type { Role, SessionUser } from './types.ts';

type Locals = { user: SessionUser | null };
/** A RequestEvent (or anything with its locals and url), or just event.locals. */
export type GuardSource = Locals | { locals: Locals; url: URL };

const MUST_CHANGE_EXEMPT = ['/password', '/logout'];

function split(source: GuardSource): { user: SessionUser | null; url?: URL } {
	return 'locals' in source ? { user: source.locals.user, url: source.url } : { user: source.user };
}

const isApi = (url?: URL) => !!url && url.pathname.startsWith('/api/');
const isExempt = (url?: URL) =>
	!!url && MUST_CHANGE_EXEMPT.some((p) => url.pathname === p || url.pathname.startsWith(`${p}/`));

/** The signed-in person; otherwise redirects to /login (see the top of this file). */
export function requireUser(source: GuardSource): SessionUser {
	const { user, url } = split(source);
	if (!user) {
		if (isApi(url)) error(401, signedOut());
		redirect(303, loginPath(url));
	}
	if (user.mustChangePassword && !isExempt(url)) {
		if (isApi(url)) error(403, mustChangePassword());
		const next = url ? currentPath(url) : '/';
		redirect(303, next === '/' ? '/password' : `/password?next=${encodeURIComponent(next)}`);
	}
	return user;
}

/** The signed-in person if they hold at least one of the roles; otherwise 403. */
export function requireRole(source: GuardSource, ...roles: Role[]): SessionUser {
	const user = requireUser(source);
	if (!roles.some((r) => user.roles.includes(r)))
		error(403, errorBody('forbidden', m.auth_forbidden()));
	return user;
}

export function hasRole(user: SessionUser | null | undefined, role: Role): boolean {
	return !!user && user.roles.includes(role);
}

/** For socket handlers: a signed-in person (who has chosen a password) holding one of the roles (any role when none given). */
export function requireSocketRole(user: SessionUser | null | undefined, ...roles: Role[]): boolean {
	if (!user || user.mustChangePassword) return false;
	return roles.length === 0 || roles.some((r) => user.roles.includes(r));
}

/** Roots of the org subtrees the person may see: null = everything (admin); [] = none. */
export function scopeRootIds(user: SessionUser): number[] | null {
	if (hasRole(user, 'admin')) return null;
	if (hasRole(user, 'leader')) return user.scopeUnitIds;
	return [];
}

/** Whether the unit is one of the person's scope roots or below one (always true for admins). */
export async function isUnitInScope(sql: Db, user: SessionUser, unitId: number): Promise<boolean> {
	const roots = scopeRootIds(user);
	if (roots === null) return true;
	if (roots.length === 0 || !Number.isSafeInteger(unitId)) return false;
	const [row] = await sql`
		select exists (
			select 1 from org_closure where descendant_id = ${unitId} and ancestor_id = any(${roots}::int[])
		) as ok`;
	return row.ok === true;
}

/** 403 unless the unit is within the person's scope. */
export async function requireUnitInScope(
	sql: Db,
	user: SessionUser,
	unitId: number
): Promise<void> {
	if (!(await isUnitInScope(sql, user, unitId)))
		error(403, errorBody('forbidden', m.auth_forbidden_unit()));
}

/**
 * A SQL condition restricting a unit-id column to the person's scope, for use
 * inside a query: sql`select … from users u where ${guard.unitScopeFilter(sql, user, 'u.unit_id')}`.
 * `true` for admins, `false` for people without a scope.
 */
export function unitScopeFilter(
	sql: Db,
	user: SessionUser,
	column = 'unit_id'
): postgres.PendingQuery<postgres.Row[]> {
	const roots = scopeRootIds(user);
	if (roots === null) return sql`true`;
	if (roots.length === 0) return sql`false`;
	return sql`${sql(column)} in (select descendant_id from org_closure where ancestor_id = any(${roots}::int[]))`;
}
