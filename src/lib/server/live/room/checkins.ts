// Check-ins (签到): the lecturer opens one for N seconds; answers count only
// until its deadline, judged by the database clock (one clock for every instance).
import type { Db } from '../../db/index.ts';
import { RoomError } from './errors.ts';
import type { Checkin } from '../../../api/live-room.ts';

export async function openCheckin(
	sql: Db,
	sessionId: number,
	by: number,
	seconds: number
): Promise<Checkin> {
	const [row] = await sql`
		insert into live_checkins (session_id, seconds, opened_by, opened_at, deadline_at)
		select ${sessionId}, ${seconds}, ${by}, now(), now() + make_interval(secs => ${seconds})
		where not exists (select 1 from live_checkins where session_id = ${sessionId} and deadline_at > now())
		returning id`;
	if (!row) throw new RoomError('checkin_open_exists');
	return { id: row.id, sessionId, seconds, remainingMs: seconds * 1000, answered: 0 };
}

export async function answerCheckin(
	sql: Db,
	sessionId: number,
	checkinId: number,
	userId: number
): Promise<void> {
	const [row] = await sql`
		insert into live_checkin_answers (checkin_id, user_id)
		select id, ${userId} from live_checkins
		where id = ${checkinId} and session_id = ${sessionId} and now() <= deadline_at
		on conflict do nothing returning checkin_id`;
	if (row) return;
	const [c] = await sql`
		select now() <= deadline_at as open,
			exists (select 1 from live_checkin_answers where checkin_id = ${checkinId} and user_id = ${userId}) as done
		from live_checkins where id = ${checkinId} and session_id = ${sessionId}`;
	if (!c) throw new RoomError('not_found');
	throw new RoomError(c.done ? 'already_answered' : 'checkin_closed');
}

/** The check-in still running, if any (with the answered count). */
export async function activeCheckin(sql: Db, sessionId: number): Promise<Checkin | null> {
	const [row] = await sql`
		select id, seconds, greatest(0, extract(epoch from deadline_at - now()) * 1000)::int as remaining,
			(select count(*)::int from live_checkin_answers a where a.checkin_id = c.id) as answered
		from live_checkins c
		where session_id = ${sessionId} and deadline_at > now()
		order by id desc limit 1`;
	return row
		? {
				id: row.id,
				sessionId,
				seconds: row.seconds,
				remainingMs: row.remaining,
				answered: row.answered
			}
		: null;
}

export async function checkinAnswered(sql: Db, checkinId: number): Promise<number> {
	const [row] =
		await sql`select count(*)::int as n from live_checkin_answers where checkin_id = ${checkinId}`;
	return row.n;
}
