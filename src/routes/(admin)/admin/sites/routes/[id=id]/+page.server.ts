import { error, fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages.js';
import { guard } from '$lib/server/auth';
import { db } from '$lib/server/db';
import { getRoute, listSites, setRouteActive } from '$lib/server/sites';
import { submitRoute } from '../../site-form.server';

export const load: PageServerLoad = async (event) => {
	guard.requireRole(event, 'admin');
	const route = await getRoute(db(), Number(event.params.id));
	if (!route) error(404, m.pool_route_not_found());
	const sites = await listSites(db());
	const points = sites
		.filter((s) => s.kind === 'point' && (s.active || route.stops.some((r) => r.siteId === s.id)))
		.map((s) => ({ id: s.id, name: s.name }));
	return { route, points };
};

export const actions: Actions = {
	route: async (event) => {
		guard.requireRole(event, 'admin');
		const r = await submitRoute(await event.request.formData(), Number(event.params.id));
		if (r === null) error(404, m.pool_route_not_found());
		return r.ok ? { action: 'route' as const, ok: m.pool_site_saved() } : r.failure;
	},
	active: async (event) => {
		guard.requireRole(event, 'admin');
		const active = (await event.request.formData()).get('active') === '1';
		if (!(await setRouteActive(db(), Number(event.params.id), active)))
			return fail(404, { action: 'active' as const });
		return { action: 'active' as const, ok: m.pool_site_saved() };
	}
};
