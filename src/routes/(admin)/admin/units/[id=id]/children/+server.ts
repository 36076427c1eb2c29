// The direct children of a unit as JSON, for expanding the org tree in place.
import { error, json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { m } from '$lib/paraglide/messages.js';
import { guard } from '$lib/server/auth';
import { db } from '$lib/server/db';
import { getUnitSummary, listChildren } from '$lib/server/org/units';
import { parseId } from '$lib/api/ids';

export const GET: RequestHandler = async (event) => {
	guard.requireRole(event, 'admin');
	const id = parseId(event.params.id);
	if (id === null || !(await getUnitSummary(db(), id))) error(404, m.units_error_not_found());
	return json(await listChildren(db(), id), { headers: { 'cache-control': 'no-store' } });
};
