import { error, fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages.js';
import { guard } from '$lib/server/auth';
import { db } from '$lib/server/db';
import { getSite, setSiteActive } from '$lib/server/sites';
import { submitSite } from '../site-form.server';

export const load: PageServerLoad = async (event) => {
	guard.requireRole(event, 'admin');
	const site = await getSite(db(), Number(event.params.id));
	if (!site) error(404, m.pool_site_not_found());
	return { site };
};

export const actions: Actions = {
	site: async (event) => {
		guard.requireRole(event, 'admin');
		const r = await submitSite(await event.request.formData(), Number(event.params.id));
		if (r === null) error(404, m.pool_site_not_found());
		return r.ok ? { action: 'site' as const, ok: m.pool_site_saved() } : r.failure;
	},
	active: async (event) => {
		guard.requireRole(event, 'admin');
		const active = (await event.request.formData()).get('active') === '1';
		if (!(await setSiteActive(db(), Number(event.params.id), active)))
			return fail(404, { action: 'active' as const });
		return { action: 'active' as const, ok: m.pool_site_saved() };
	}
};
