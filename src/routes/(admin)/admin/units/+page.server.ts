import * as limits from '$lib/api/limits';
import type { Actions, PageServerLoad } from './$types';
import { guard } from '$lib/server/auth';
import { db } from '$lib/server/db';
import { listChildren, searchUnits } from '$lib/server/org/units';
import { unitKindOptions } from '$lib/server/org/unit-kinds';
import { createFromForm } from './unit-actions.server';

export const load: PageServerLoad = async (event) => {
	guard.requireRole(event, 'admin');
	const q = (event.url.searchParams.get('q') ?? '').trim().slice(0, limits.search.text);
	const [roots, hits] = await Promise.all([
		listChildren(db(), null),
		q ? searchUnits(db(), q, null, 50) : Promise.resolve(null)
	]);
	return {
		q,
		roots,
		hits,
		kinds: unitKindOptions(),
		deleted: event.url.searchParams.get('deleted')?.slice(0, 100) ?? null
	};
};

export const actions: Actions = {
	create: async (event) => {
		guard.requireRole(event, 'admin');
		return createFromForm(event.request, null);
	}
};
