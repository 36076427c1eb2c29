// Chat rows: send (refused while muted, in the same statement), delete, recent.
import type { Db } from '../../db/index.ts';
import { RoomError } from './errors.ts';
import type { ChatMessage } from '../../../api/live-room.ts';

export const HISTORY_CHAT = 100;

export async function sendChat(
	sql: Db,
	sessionId: number,
	user: { id: number; name: string },
	body: string,
	lecturer: boolean
): Promise<ChatMessage> {
	const [row] = await sql`
		insert into live_chat_messages (session_id, user_id, body)
		select ${sessionId}, ${user.id}, ${body}
		where not exists (select 1 from live_mutes where session_id = ${sessionId} and user_id = ${user.id})
		returning id, created_at`;
	if (!row) throw new RoomError('muted');
	return {
		id: row.id,
		sessionId,
		userId: user.id,
		name: user.name,
		body,
		lecturer,
		at: row.created_at.toISOString()
	};
}

/** Soft delete (kept for the record, hidden from everyone). The message must belong to this session. */
export async function deleteChat(
	sql: Db,
	sessionId: number,
	messageId: number,
	by: number
): Promise<void> {
	const [row] = await sql`
		update live_chat_messages set deleted_at = now(), deleted_by = ${by}
		where id = ${messageId} and session_id = ${sessionId} and deleted_at is null
		returning id`;
	if (!row) throw new RoomError('not_found');
}

export async function recentChat(
	sql: Db,
	sessionId: number,
	limit = HISTORY_CHAT
): Promise<ChatMessage[]> {
	const rows = await sql`
		select c.id, c.user_id, u.name, c.body, c.created_at, c.user_id = s.lecturer_id as lecturer
		from live_chat_messages c
		join users u on u.id = c.user_id
		join live_sessions s on s.id = c.session_id
		where c.session_id = ${sessionId} and c.deleted_at is null
		order by c.id desc
		limit ${limit}`;
	return rows.reverse().map((r) => ({
		id: r.id,
		sessionId,
		userId: r.user_id,
		name: r.name,
		body: r.body,
		lecturer: r.lecturer,
		at: r.created_at.toISOString()
	}));
}
