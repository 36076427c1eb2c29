import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages.js';
import { db } from '$lib/server/db';
import { addSession, listSessions, placeOptions } from '$lib/server/classes/classes';
import { removeSession } from '$lib/server/classes/manage';
import { parseSessionForm } from '$lib/server/classes/forms';
import { parseId } from '$lib/api/ids';
import { attempt, field, refusal, requireManagedClass } from '../../class.server';

export const load: PageServerLoad = async (event) => {
	const { cls } = await requireManagedClass(event);
	const [sessions, places] = await Promise.all([listSessions(db(), cls.id), placeOptions(db())]);
	return { cls, sessions, places };
};

export const actions: Actions = {
	add: async (event) => {
		const { cls } = await requireManagedClass(event);
		const form = await event.request.formData();
		const values = Object.fromEntries([...form].map(([k, v]) => [k, String(v)]));
		const parsed = parseSessionForm(form);
		if (!parsed.ok) return fail(400, { action: 'add', error: parsed.error, values });
		try {
			await addSession(db(), cls.id, parsed.value);
		} catch (e) {
			const error = refusal(e);
			if (error === null) throw e;
			return fail(400, { action: 'add', error, values });
		}
		return { action: 'add', ok: m.classes_session_added() };
	},
	remove: async (event) => {
		const { cls } = await requireManagedClass(event);
		const sessionId = parseId(field(await event.request.formData(), 'sessionId'));
		if (sessionId === null) return fail(400, { action: 'remove', error: m.class_err_not_found() });
		return attempt('remove', async () => {
			await removeSession(db(), cls.id, sessionId);
			return { action: 'remove', ok: m.classes_session_removed() };
		});
	}
};
