import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { cancelSession, formOptions, updateSession } from '$lib/server/live/sessions';
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
		const result = await attempt(values, () => updateSession(db(), user, session.id, values));
		if (!result.ok) return result.failure;
		redirect(303, `/live/${session.id}/console`);
	},
	cancel: async (event) => {
		const { user, session } = await requireManaged(event);
		const result = await attempt({}, () => cancelSession(db(), user, session.id));
		if (!result.ok) return result.failure;
		redirect(303, '/live');
	}
};
