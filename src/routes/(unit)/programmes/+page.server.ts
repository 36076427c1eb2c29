import type { PageServerLoad } from './$types';
import { guard } from '$lib/server/auth';
import { db } from '$lib/server/db';
import { listProgrammes, deadlineDay, shanghaiDate } from '$lib/server/programmes';

export const load: PageServerLoad = async (event) => {
	const user = guard.requireRole(event, 'admin', 'leader');
	const list = await listProgrammes(db(), user);
	return {
		programmes: list.map((p) => ({
			...p,
			startsOn: shanghaiDate(p.startsAt),
			deadlineOn: deadlineDay(p.deadline)
		}))
	};
};
