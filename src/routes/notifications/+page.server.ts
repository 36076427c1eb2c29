import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages.js';
import { guard } from '$lib/server/auth';
import { db } from '$lib/server/db';
import { toWire } from '$lib/server/notifications';
import {
	listNotifications,
	markAllRead,
	markRead,
	PAGE_SIZE
} from '$lib/server/notifications/inbox';

export const load: PageServerLoad = async (event) => {
	const user = guard.requireUser(event);
	const unreadOnly = event.url.searchParams.get('unread') === '1';
	const page = Math.max(1, Number.parseInt(event.url.searchParams.get('page') ?? '1', 10) || 1);
	const { rows, total } = await listNotifications(db(), user.id, { unreadOnly, page });
	return {
		unreadOnly,
		page,
		pages: Math.max(1, Math.ceil(total / PAGE_SIZE)),
		items: rows.map(toWire)
	};
};

export const actions: Actions = {
	read: async (event) => {
		const user = guard.requireUser(event);
		const ids = (await event.request.formData())
			.getAll('id')
			.map(Number)
			.filter(Number.isSafeInteger);
		if (!ids.length) return fail(400, { error: m.notif_bad_ids() });
		await markRead(db(), user.id, ids);
		return { ok: true };
	},
	readAll: async (event) => {
		const user = guard.requireUser(event);
		await markAllRead(db(), user.id);
		return { ok: true };
	}
};
