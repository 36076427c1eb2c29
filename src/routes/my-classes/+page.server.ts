import type { PageServerLoad } from './$types';
import { guard } from '$lib/server/auth';
import { db } from '$lib/server/db';
import { listMyClasses } from '$lib/server/classes/access';

export const load: PageServerLoad = async (event) => {
	const user = guard.requireUser(event);
	return { classes: await listMyClasses(db(), user.id) };
};
