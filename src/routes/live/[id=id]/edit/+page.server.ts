import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { setConcentrated } from '$lib/server/live/concentrated';
import { cancelSession, formOptions, updateSession } from '$lib/server/live/sessions';
import { m } from '$lib/paraglide/messages.js';
import { attempt, readSessionForm, requireManaged } from '../../live.server';

export const load: PageServerLoad = async (event) => {
	const { user, session } = await requireManaged(event);
	const { streamKey: _, ...shown } = session;
	return {
		session: shown,
		options: await formOptions(db(), user),
		isAdmin: user.roles.includes('admin')
	};
};

export const actions: Actions = {
	save: async (event) => {
		const { user, session } = await requireManaged(event);
		const values = readSessionForm(await event.request.formData());
		const result = await attempt(values, () =>
			updateSession(db(), user, session.id, values, { ip: event.getClientAddress() })
		);
		if (!result.ok) return result.failure;
		redirect(303, `/live/${session.id}/console`);
	},
	// After the session has started only this mark can still change (an administrator's).
	concentrated: async (event) => {
		const { user, session } = await requireManaged(event);
		const raw = (await event.request.formData()).getAll('concentrated');
		const result = await attempt({}, () =>
			setConcentrated(db(), user, session.id, raw, event.getClientAddress())
		);
		if (!result.ok) return result.failure;
		return { concentratedSaved: m.live_concentrated_saved() };
	},
	cancel: async (event) => {
		const { user, session } = await requireManaged(event);
		const result = await attempt({}, () => cancelSession(db(), user, session.id));
		if (!result.ok) return result.failure;
		redirect(303, '/live');
	}
};
