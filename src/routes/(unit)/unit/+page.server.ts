import type { PageServerLoad } from './$types';
import { guard } from '$lib/server/auth';
import { db } from '$lib/server/db';
import { getUnitSummary, listChildren } from '$lib/server/org/units';
import { peoplePage, requireScopeViewer } from './scope.server';

export const load: PageServerLoad = async (event) => {
	const user = requireScopeViewer(event);
	const roots = guard.scopeRootIds(user);
	const units = roots
		? (await Promise.all(roots.map((id) => getUnitSummary(db(), id)))).filter((u) => u !== null)
		: await listChildren(db(), null);
	return { units, path: [], ...(await peoplePage(event, undefined)) };
};
