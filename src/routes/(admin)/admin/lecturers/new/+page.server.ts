import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { guard } from '$lib/server/auth';
import { submitLecturer } from '../lecturer-form.server';

export const load: PageServerLoad = async (event) => {
	guard.requireRole(event, 'admin');
	return {};
};

export const actions: Actions = {
	save: async (event) => {
		guard.requireRole(event, 'admin');
		const r = await submitLecturer(event.request, null);
		if (r.ok) redirect(303, `/admin/lecturers/${r.id}?created=1`);
		return r.failure;
	}
};
