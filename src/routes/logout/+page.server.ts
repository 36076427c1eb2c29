import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { sessions } from '$lib/server/auth';
import { db } from '$lib/server/db';
import * as edge from '$lib/server/edge';

// GET shows a confirmation form (signing out never happens on a GET).
export const load: PageServerLoad = ({ locals }) => {
	if (!locals.user) redirect(303, '/login');
	return {};
};

export const actions: Actions = {
	// POST /logout ends this session; with scope=everywhere, every session of the person.
	default: async ({ locals, cookies, url, request }) => {
		const form = await request.formData().catch(() => null);
		const sql = db();
		if (form?.get('scope') === 'everywhere' && locals.user)
			await sessions.invalidateUser(sql, locals.user.id);
		else if (locals.session) await sessions.invalidate(sql, locals.session.id);
		edge.clearSessionCookie(cookies, url);
		redirect(303, '/login');
	}
};
