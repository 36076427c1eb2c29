// Server-observed presence in a live room: one interval per socket that
// joined, [joined_at, left_at), also bounded by last_seen_at + GRACE — the
// socket confirms "watching" every WATCHING_INTERVAL while the page is
// visible, and a socket that stops confirming (hidden tab, frozen client,
// instance that died without closing its rows) stops counting after GRACE.
// Times are the instance's clock at the moment it observed the event.
import type { Db } from '../db/index.ts';

export const WATCHING_INTERVAL_MS = 60_000;
export const GRACE_SECONDS = 90;

export async function openPresence(
	sql: Db,
	p: { id: string; sessionId: number; userId: number; at: Date }
): Promise<void> {
	await sql`
		insert into live_presence (id, session_id, user_id, joined_at, last_seen_at)
		values (${p.id}, ${p.sessionId}, ${p.userId}, ${p.at}, ${p.at})
		on conflict (id) do nothing`;
}

/** A "watching" confirmation: only an open interval (a socket still in the room) moves. */
export async function seenPresence(sql: Db, id: string, at: Date): Promise<boolean> {
	const rows = await sql`
		update live_presence set last_seen_at = greatest(last_seen_at, ${at})
		where id = ${id} and left_at is null returning id`;
	return rows.length > 0;
}

export async function closePresence(sql: Db, id: string, at: Date): Promise<void> {
	await sql`
		update live_presence set left_at = greatest(joined_at, least(${at}::timestamptz, last_seen_at + make_interval(secs => ${GRACE_SECONDS})))
		where id = ${id} and left_at is null`;
}

/**
 * Distinct viewers present now, over every instance (all write the same
 * table): open intervals confirmed within GRACE. One indexed query per
 * session every few seconds, instead of fetchSockets() across instances.
 */
export async function viewerCount(sql: Db, sessionId: number, now = new Date()): Promise<number> {
	const [row] = await sql`
		select count(distinct user_id)::int as n from live_presence
		where session_id = ${sessionId} and left_at is null
			and last_seen_at > ${now}::timestamptz - make_interval(secs => ${GRACE_SECONDS})`;
	return row.n;
}
