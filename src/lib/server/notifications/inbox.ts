// A person's notification centre: list, unread count, mark read.
import type { Db } from '$lib/server/db';
import type { NotificationRow } from './index.ts';

export const PAGE_SIZE = 30;

export async function listNotifications(
	sql: Db,
	userId: number,
	opts: { unreadOnly?: boolean; page?: number; pageSize?: number } = {}
): Promise<{ rows: NotificationRow[]; total: number }> {
	const size = opts.pageSize ?? PAGE_SIZE;
	const page = Math.max(1, opts.page ?? 1);
	const unread = opts.unreadOnly ? sql`and read_at is null` : sql``;
	const rows = await sql<NotificationRow[]>`
		select id, user_id as "userId", kind, params, link, created_at as "createdAt", read_at as "readAt"
		from notifications where user_id = ${userId} ${unread}
		order by created_at desc, id desc limit ${size} offset ${(page - 1) * size}`;
	const [{ n }] = await sql<{ n: number }[]>`
		select count(*)::int as n from notifications where user_id = ${userId} ${unread}`;
	return { rows, total: n };
}

export async function unreadCount(sql: Db, userId: number): Promise<number> {
	const [{ n }] = await sql<{ n: number }[]>`
		select count(*)::int as n from notifications where user_id = ${userId} and read_at is null`;
	return n;
}

/** Marks the person's own notifications read; ids of others are ignored. Returns how many changed. */
export async function markRead(sql: Db, userId: number, ids: number[]): Promise<number> {
	if (!ids.length) return 0;
	const res = await sql`
		update notifications set read_at = now()
		where user_id = ${userId} and id = any(${sql.array(ids)}::bigint[]) and read_at is null`;
	return res.count;
}

export async function markAllRead(sql: Db, userId: number): Promise<number> {
	const res =
		await sql`update notifications set read_at = now() where user_id = ${userId} and read_at is null`;
	return res.count;
}

/** The person's newest unread notifications of some kinds (the home page's 催学 reminders). */
export async function unreadOfKinds(
	sql: Db,
	userId: number,
	kinds: string[],
	limit = 3
): Promise<NotificationRow[]> {
	return sql<NotificationRow[]>`
		select id, user_id as "userId", kind, params, link, created_at as "createdAt", read_at as "readAt"
		from notifications where user_id = ${userId} and read_at is null and kind = any(${kinds}::text[])
		order by created_at desc, id desc limit ${limit}`;
}
