import type { PageServerLoad } from './$types';
import { guard } from '$lib/server/auth';
import { db } from '$lib/server/db';
import { unitPathOf } from '$lib/server/org/unit-paths';

export const load: PageServerLoad = async (event) => {
	const user = guard.requireUser(event);
	const sql = db();
	const [unitPath, scopes] = await Promise.all([
		unitPathOf(sql, user.unitId),
		Promise.all(user.scopeUnitIds.map((id) => unitPathOf(sql, id)))
	]);
	return { unitPath, scopes };
};
