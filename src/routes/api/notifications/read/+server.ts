import { error, json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { m } from '$lib/paraglide/messages.js';
import { guard } from '$lib/server/auth';
import { db } from '$lib/server/db';
import { markAllRead, markRead, unreadCount } from '$lib/server/notifications';

// { ids: number[] } marks those (the caller's own only) read; { all: true } every one.
export const POST: RequestHandler = async (event) => {
	const user = guard.requireUser(event);
	const body = (await event.request.json().catch(() => null)) as {
		ids?: unknown;
		all?: unknown;
	} | null;
	if (body?.all === true) await markAllRead(db(), user.id);
	else if (
		Array.isArray(body?.ids) &&
		body.ids.length > 0 &&
		body.ids.length <= 500 &&
		body.ids.every((i) => Number.isSafeInteger(i) && (i as number) > 0)
	)
		await markRead(db(), user.id, body.ids as number[]);
	else error(400, m.notif_bad_ids());
	return json({ unread: await unreadCount(db(), user.id) });
};
