import type { PageServerLoad } from './$types';
import { guard } from '$lib/server/auth';
import { db } from '$lib/server/db';
import { listSessionsFor } from '$lib/server/live/sessions';

export const load: PageServerLoad = async (event) => {
	const user = guard.requireUser(event);
	return {
		...(await listSessionsFor(db(), user)),
		canSchedule: user.roles.includes('lecturer') || user.roles.includes('admin'),
		isAdmin: user.roles.includes('admin'),
		// Leaders read attendance of their subtree (the page itself checks the scope).
		isLeader: user.roles.includes('leader'),
		userId: user.id
	};
};
