// Mutes and raised hands: per session, per person, persisted.
import type { Db } from '../../db/index.ts';
import { roleInSession } from '../audience.ts';
import { RoomError } from './errors.ts';
import type { Person } from '../../../api/live-room.ts';

/** Mute or unmute a viewer of this session (a lecturer cannot be muted). */
export async function setMuted(
	sql: Db,
	sessionId: number,
	userId: number,
	muted: boolean,
	by: number
): Promise<void> {
	const [u] = await sql`select id, roles from users where id = ${userId}`;
	if (!u || (await roleInSession(sql, { id: u.id, roles: u.roles }, sessionId)) !== 'viewer')
		throw new RoomError('not_found');
	if (muted) {
		await sql`
			insert into live_mutes (session_id, user_id, muted_by) values (${sessionId}, ${userId}, ${by})
			on conflict do nothing`;
	} else {
		await sql`delete from live_mutes where session_id = ${sessionId} and user_id = ${userId}`;
	}
}

export async function listMutes(sql: Db, sessionId: number): Promise<Person[]> {
	const rows = await sql`
		select m.user_id, u.name, m.muted_at from live_mutes m join users u on u.id = m.user_id
		where m.session_id = ${sessionId} order by m.muted_at`;
	return rows.map((r) => ({ userId: r.user_id, name: r.name, at: r.muted_at.toISOString() }));
}

export async function setHand(
	sql: Db,
	sessionId: number,
	userId: number,
	raised: boolean
): Promise<boolean> {
	const rows = raised
		? await sql`insert into live_hands (session_id, user_id) values (${sessionId}, ${userId}) on conflict do nothing returning user_id`
		: await sql`delete from live_hands where session_id = ${sessionId} and user_id = ${userId} returning user_id`;
	return rows.length > 0;
}

export async function listHands(sql: Db, sessionId: number): Promise<Person[]> {
	const rows = await sql`
		select h.user_id, u.name, h.raised_at from live_hands h join users u on u.id = h.user_id
		where h.session_id = ${sessionId} order by h.raised_at`;
	return rows.map((r) => ({ userId: r.user_id, name: r.name, at: r.raised_at.toISOString() }));
}
