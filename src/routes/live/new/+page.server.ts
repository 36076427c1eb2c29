import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { guard } from '$lib/server/auth';
import { db } from '$lib/server/db';
import { createSession, formOptions } from '$lib/server/live/sessions';
import { attempt, readSessionForm } from '../live.server';

export const load: PageServerLoad = async (event) => {
	const user = guard.requireRole(event, 'lecturer', 'admin');
	return {
		options: await formOptions(db(), user),
		isAdmin: user.roles.includes('admin'),
		userId: user.id
	};
};

export const actions: Actions = {
	default: async (event) => {
		const user = guard.requireRole(event, 'lecturer', 'admin');
		const values = readSessionForm(await event.request.formData());
		const result = await attempt(values, () =>
			createSession(db(), user, values, { ip: event.getClientAddress() })
		);
		if (!result.ok) return result.failure;
		redirect(303, `/live/${result.value}/console`);
	}
};
