import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { guard } from '$lib/server/auth';
import { db } from '$lib/server/db';
import { listRoutes, listSites, yearRange } from '$lib/server/sites';
import { submitRoute, submitSite } from './site-form.server';

export const load: PageServerLoad = async (event) => {
	guard.requireRole(event, 'admin');
	const { year } = yearRange();
	const [sites, routes] = await Promise.all([listSites(db(), year), listRoutes(db(), year)]);
	return {
		year,
		sites,
		routes,
		points: sites
			.filter((s) => s.kind === 'point' && s.active)
			.map((s) => ({ id: s.id, name: s.name }))
	};
};

export const actions: Actions = {
	site: async (event) => {
		guard.requireRole(event, 'admin');
		const r = await submitSite(await event.request.formData(), null);
		if (r?.ok) redirect(303, `/admin/sites?created=site#site-${r.id}`);
		return r?.failure;
	},
	route: async (event) => {
		guard.requireRole(event, 'admin');
		const r = await submitRoute(await event.request.formData(), null);
		if (r?.ok) redirect(303, `/admin/sites?created=route#route-${r.id}`);
		return r?.failure;
	}
};
