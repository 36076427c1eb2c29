import type { PageServerLoad } from './$types';
import { guard } from '$lib/server/auth';
import { db } from '$lib/server/db';
import { listSessionsFor } from '$lib/server/live/sessions';
import { shownReplay } from '$lib/server/live/replay-access';

export const load: PageServerLoad = async (event) => {
	const user = guard.requireUser(event);
	const lists = await listSessionsFor(db(), user);
	// a replay link only where the person may open it (a draft would be a 404)
	const past = await Promise.all(lists.past.map((s) => shownReplay(db(), user, s)));
	return {
		...lists,
		past,
		canSchedule: user.roles.includes('lecturer') || user.roles.includes('admin'),
		isAdmin: user.roles.includes('admin'),
		// Leaders read attendance of their subtree (the page itself checks the scope).
		isLeader: user.roles.includes('leader'),
		userId: user.id
	};
};
