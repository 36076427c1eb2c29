// Status changes of a live session (L1 owns them) and their broadcast to the
// session's room, where the viewer page and the interaction panel listen.
import type { Db } from '../db/index.ts';
import { rooms } from '../../api/socket-rooms.ts';
import { realtime } from '../realtime/index.ts';
import { forgetSignal } from './signal.ts';
import type { LiveStatus } from './sessions.ts';

export function emitStatus(sessionId: number, status: LiveStatus): void {
	realtime()?.to(rooms.live(sessionId)).emit('live:status', { sessionId, status });
}

/** scheduled → live (first push from the lecturer); true when the status changed. */
export async function markLive(sql: Db, sessionId: number): Promise<boolean> {
	const rows = await sql`
		update live_sessions set status = 'live', started_at = coalesce(started_at, now()), updated_at = now()
		where id = ${sessionId} and status = 'scheduled' returning id`;
	if (rows.length) emitStatus(sessionId, 'live');
	return rows.length > 0;
}

/** live (or scheduled, never broadcast) → ended; true when the status changed. */
export async function markEnded(sql: Db, sessionId: number): Promise<boolean> {
	const rows = await sql`
		update live_sessions set status = 'ended', ended_at = now(), started_at = coalesce(started_at, now()), updated_at = now()
		where id = ${sessionId} and status in ('scheduled', 'live') returning id`;
	forgetSignal(sessionId);
	if (rows.length) emitStatus(sessionId, 'ended');
	return rows.length > 0;
}
