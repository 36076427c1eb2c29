import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { guard } from '$lib/server/auth';
import { db } from '$lib/server/db';
import { listNotifications, toWire, unreadCount } from '$lib/server/notifications';

// The signed-in person's notifications: newest first, with the unread count.
export const GET: RequestHandler = async (event) => {
	const user = guard.requireUser(event);
	const unreadOnly = event.url.searchParams.get('unread') === '1';
	const page = Math.max(1, Number.parseInt(event.url.searchParams.get('page') ?? '1', 10) || 1);
	const [{ rows, total }, unread] = await Promise.all([
		listNotifications(db(), user.id, { unreadOnly, page }),
		unreadCount(db(), user.id)
	]);
	return json(
		{ unread, total, items: rows.map(toWire) },
		{ headers: { 'cache-control': 'no-store' } }
	);
};
