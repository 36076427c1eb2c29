import type { PageServerLoad } from './$types';
import { guard } from '$lib/server/auth';
import { db } from '$lib/server/db';
import { listManagedClasses, listNominatable } from '$lib/server/classes/access';

export const load: PageServerLoad = async (event) => {
	const user = guard.requireRole(event, 'admin', 'leader');
	const [managed, nominatable] = await Promise.all([
		listManagedClasses(db(), user),
		listNominatable(db(), user)
	]);
	return { managed, nominatable, isLeader: user.roles.includes('leader') };
};
