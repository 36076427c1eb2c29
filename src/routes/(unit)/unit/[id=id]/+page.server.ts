import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages.js';
import { guard } from '$lib/server/auth';
import { db } from '$lib/server/db';
import { ancestors, listChildren } from '$lib/server/org/units';
import { peoplePage, requireScopeViewer } from '../scope.server';

export const load: PageServerLoad = async (event) => {
	const user = requireScopeViewer(event);
	const id = Number(event.params.id);
	if (!Number.isSafeInteger(id) || id <= 0) error(404, m.error_not_found());
	// 403 for a unit outside the leader's subtrees, whether or not it exists.
	await guard.requireUnitInScope(db(), user, id);
	const [path, units] = await Promise.all([ancestors(db(), id), listChildren(db(), id)]);
	if (!path.length) error(404, m.error_not_found());
	// Breadcrumbs start at the leader's own scope root: what is above is not theirs.
	const roots = guard.scopeRootIds(user);
	const from = roots ? path.findIndex((p) => roots.includes(p.id)) : 0;
	return { units, path: path.slice(Math.max(0, from)), ...(await peoplePage(event, id)) };
};
