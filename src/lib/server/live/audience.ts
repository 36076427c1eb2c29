// Who may be in a live session's room, decided on the server for every join
// and every event (never from what the client says about itself).
//
//   lecturer: the session's lecturer_id, or any administrator;
//   viewer:   in the audience — a unit in live_session_units is an
//             ancestor-or-self of the person's current unit (org_closure), or
//             the person has an active (not removed) assignment of the
//             session's programme;
//   null:     anyone else, or no such session (callers answer "not found").
import type { Db } from '../db/index.ts';
import type { SessionUser } from '../auth/types.ts';

export type LiveRole = 'lecturer' | 'viewer';

export async function roleInSession(
	sql: Db,
	user: Pick<SessionUser, 'id' | 'roles'>,
	sessionId: number
): Promise<LiveRole | null> {
	if (!Number.isSafeInteger(sessionId) || sessionId <= 0) return null;
	// The person's unit is read from users (not the session cache) so a move takes effect at once.
	const [row] = await sql<{ lecturer_id: number; in_units: boolean; in_programme: boolean }[]>`
		select s.lecturer_id,
			exists (
				select 1 from live_session_units lu
				join org_closure c on c.ancestor_id = lu.unit_id
				join users u on u.unit_id = c.descendant_id
				where lu.session_id = s.id and u.id = ${user.id} and u.active
			) as in_units,
			(s.programme_id is not null and exists (
				select 1 from programme_assignments pa
				join users u on u.id = pa.user_id
				where pa.programme_id = s.programme_id and pa.user_id = ${user.id}
					and pa.removed_at is null and u.active
			)) as in_programme
		from live_sessions s where s.id = ${sessionId}`;
	if (!row) return null;
	if (row.lecturer_id === user.id || user.roles.includes('admin')) return 'lecturer';
	return row.in_units || row.in_programme ? 'viewer' : null;
}

/**
 * SQL: `userId` is in the audience of the session `sessionId` (a column) or
 * is its lecturer — the rule above, for filters over many rows (courses
 * limited to a session's audience: replays).
 */
export function inSessionAudience(
	sql: Db,
	sessionId: ReturnType<Db['unsafe']> | ReturnType<Db>,
	userId: number
) {
	return sql`exists (
		select 1 from live_sessions s where s.id = ${sessionId} and (
			s.lecturer_id = ${userId}
			or exists (
				select 1 from live_session_units lu
				join org_closure oc on oc.ancestor_id = lu.unit_id
				join users u on u.unit_id = oc.descendant_id
				where lu.session_id = s.id and u.id = ${userId} and u.active)
			or (s.programme_id is not null and exists (
				select 1 from programme_assignments pa join users u on u.id = pa.user_id
				where pa.programme_id = s.programme_id and pa.user_id = ${userId}
					and pa.removed_at is null and u.active))))`;
}
