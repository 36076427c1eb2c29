// Server-side sessions (Lucia's recipe, in our own small module).
// - token `<id>.<secret>` (see tokens.ts); the row keeps only SHA-256(secret)
// - expires after 10 days without use; last_verified_at is moved at most
//   once an hour, and validate() then says `refreshed` so the cookie's
//   Max-Age is renewed too
// - a fresh session at every login; invalidate on logout, on disabling an
//   account and on password change/reset (invalidateUser)
// Times are the database's (now()), so several app instances agree.
import type { Db } from '../db/index.ts';
import { generateToken, hashSecret, parseToken, secretMatches } from './tokens.ts';
import { ROLES, type Role, type Session, type SessionUser } from './types.ts';

export { generateToken, parseToken, hashSecret } from './tokens.ts';

export const COOKIE = 'session';
export const INACTIVITY_SECONDS = 10 * 24 * 60 * 60;
export const REFRESH_SECONDS = 60 * 60;

export interface Validated {
	user: SessionUser;
	session: Session;
	/** last_verified_at was moved: set the cookie again to renew its Max-Age. */
	refreshed: boolean;
}

/** Starts a new session for the user and returns its token (for the cookie only; never stored). */
export async function create(sql: Db, userId: number): Promise<string> {
	const { id, secret, token } = generateToken();
	await sql`
		insert into sessions (id, user_id, secret_hash)
		values (${id}, ${userId}, ${Buffer.from(hashSecret(secret))})`;
	// Opportunistic housekeeping: now and then, drop sessions long expired.
	if (Math.random() < 0.01) await deleteExpired(sql);
	return token;
}

/** The session and its user, or null (malformed, unknown, wrong secret, expired, inactive user). */
export async function validate(sql: Db, token: string): Promise<Validated | null> {
	return (await validateMany(sql, [token]))[0];
}

/**
 * validate() for many tokens in one look-up (and at most one delete and one
 * refresh): the session cache gathers the misses of a moment into one call,
 * so a reconnect storm or the cache's expiry at campaign scale costs a few
 * statements, not one per learner. Results in the order of `tokens`.
 */
export async function validateMany(sql: Db, tokens: string[]): Promise<(Validated | null)[]> {
	const parsed = tokens.map(parseToken);
	const ids = [...new Set(parsed.flatMap((p) => (p ? [p.id] : [])))];
	if (!ids.length) return tokens.map(() => null);
	const rows = await sql`
		select s.id, s.user_id, s.secret_hash, s.created_at, s.last_verified_at,
			s.last_verified_at <= now() - make_interval(secs => ${INACTIVITY_SECONDS}) as expired,
			s.last_verified_at <= now() - make_interval(secs => ${REFRESH_SECONDS}) as stale,
			u.employee_no, u.name, u.unit_id, u.roles, u.locale, u.must_change_password, u.active,
			coalesce(
				(select array_agg(ls.unit_id order by ls.unit_id) from leader_scopes ls where ls.user_id = u.id),
				'{}'
			) as scope_unit_ids
		from sessions s
		join users u on u.id = s.user_id
		where s.id = any(${ids}::text[])`;
	const byId = new Map(rows.map((r) => [r.id as string, r]));
	const ended = new Set<string>();
	const stale = new Set<string>();
	const matched = parsed.map((p) => {
		const row = p && byId.get(p.id);
		if (!row || !secretMatches(p.secret, row.secret_hash)) return null;
		if (row.expired || !row.active) {
			ended.add(row.id);
			return null;
		}
		if (row.stale) stale.add(row.id);
		return row;
	});
	if (ended.size) await sql`delete from sessions where id = any(${[...ended]}::text[])`;
	const refreshed = new Map<string, Date>();
	if (stale.size) {
		const updated = await sql`
			update sessions set last_verified_at = now() where id = any(${[...stale]}::text[])
			returning id, last_verified_at`;
		for (const u of updated) refreshed.set(u.id, u.last_verified_at);
	}
	return matched.map((row) => {
		if (!row) return null;
		// Stale but gone from the update: invalidated meanwhile.
		if (stale.has(row.id) && !refreshed.has(row.id)) return null;
		const roles = (row.roles as string[]).filter((r): r is Role =>
			(ROLES as readonly string[]).includes(r)
		);
		return {
			user: {
				id: row.user_id,
				employeeNo: row.employee_no,
				name: row.name,
				unitId: row.unit_id,
				roles,
				scopeUnitIds: roles.includes('leader') ? (row.scope_unit_ids as number[]) : [],
				locale: row.locale,
				mustChangePassword: row.must_change_password
			},
			session: {
				id: row.id,
				userId: row.user_id,
				createdAt: row.created_at,
				lastVerifiedAt: refreshed.get(row.id) ?? row.last_verified_at
			},
			refreshed: refreshed.has(row.id)
		};
	});
}

// Deleting a session row is what ends it everywhere: a trigger tells every
// instance's session cache (session-cache.ts) and sockets after commit.
export async function invalidate(sql: Db, sessionId: string): Promise<void> {
	await sql`delete from sessions where id = ${sessionId}`;
}

/** Ends every session of a user (sign out everywhere, account disabled, password changed or reset). */
export async function invalidateUser(sql: Db, userId: number): Promise<number> {
	const result = await sql`delete from sessions where user_id = ${userId}`;
	return result.count;
}

/** Ends every session of a user but one (the device that changed the password). */
export async function invalidateOthers(
	sql: Db,
	userId: number,
	keepSessionId: string
): Promise<number> {
	const result =
		await sql`delete from sessions where user_id = ${userId} and id <> ${keepSessionId}`;
	return result.count;
}

/** Housekeeping: removes sessions past their inactivity expiry. */
export async function deleteExpired(sql: Db): Promise<number> {
	const result = await sql`
		delete from sessions where last_verified_at <= now() - make_interval(secs => ${INACTIVITY_SECONDS})`;
	return result.count;
}
