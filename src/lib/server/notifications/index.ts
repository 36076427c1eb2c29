// In-app notifications: stored as a kind plus parameters (rendered in the
// reader's language by src/lib/notifications/kinds.ts) and pushed live to the
// person's socket room (rooms.user).
import type { WireNotification } from '$lib/api/socket-events';
import { rooms } from '$lib/api/socket-rooms';
import type { Db } from '$lib/server/db';
import { realtime } from '$lib/server/realtime';

export interface NotifyItem {
	userId: number;
	/** lower-case snake case, see src/lib/notifications/kinds.ts */
	kind: string;
	params?: Record<string, unknown>;
	/** an app path ('/…') to open from the notification */
	link?: string | null;
	/** sent once per person: a second item with the same key is skipped */
	dedupeKey?: string | null;
}

export interface NotificationRow {
	id: number;
	userId: number;
	kind: string;
	params: Record<string, unknown>;
	link: string | null;
	createdAt: Date;
	readAt: Date | null;
}

const KIND = /^[a-z_]{1,40}$/;
const LINK = /^\/[^/]/;

/**
 * Inserts notifications, skipping any whose (person, dedupe key) exists,
 * and pushes the inserted ones as 'notification' events. Returns how many
 * were inserted. Called inside a transaction the push happens before the
 * commit; a client that reloads on the event may briefly miss it, which is
 * harmless (the badge reloads on navigation).
 */
export async function notify(sql: Db, items: NotifyItem[]): Promise<number> {
	if (!items.length) return 0;
	for (const it of items) {
		if (!Number.isInteger(it.userId)) throw new Error(`notify: bad user id ${it.userId}`);
		if (!KIND.test(it.kind)) throw new Error(`notify: bad kind ${it.kind}`);
		if (it.link != null && !LINK.test(it.link))
			throw new Error(`notify: link must be an app path, got ${it.link}`);
	}
	const wire = items.map((i) => ({
		user_id: i.userId,
		kind: i.kind,
		params: i.params ?? {},
		link: i.link ?? null,
		dedupe_key: i.dedupeKey ?? null
	}));
	const rows = await sql<NotificationRow[]>`
		insert into notifications (user_id, kind, params, link, dedupe_key)
		select t.user_id, t.kind, coalesce(t.params, '{}'), t.link, t.dedupe_key
		from jsonb_to_recordset(${sql.json(wire as never)})
			as t(user_id int, kind text, params jsonb, link text, dedupe_key text)
		on conflict (user_id, dedupe_key) do nothing
		returning id, user_id as "userId", kind, params, link, created_at as "createdAt", read_at as "readAt"`;
	push(rows);
	return rows.length;
}

function push(rows: NotificationRow[]) {
	const io = realtime();
	if (!io) return;
	for (const r of rows) io.to(rooms.user(r.userId)).emit('notification', toWire(r));
}

/** The JSON shape sent to browsers (socket event and API). */
export function toWire(r: NotificationRow): WireNotification {
	return {
		id: Number(r.id),
		kind: r.kind,
		params: r.params,
		link: r.link,
		createdAt: new Date(r.createdAt).toISOString(),
		read: r.readAt != null
	};
}

export { listNotifications, unreadCount, markRead, markAllRead, unreadOfKinds } from './inbox.ts';
