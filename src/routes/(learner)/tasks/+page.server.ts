import type { PageServerLoad } from './$types';
import { guard } from '$lib/server/auth';
import { db } from '$lib/server/db';
import { formatDeadline } from '$lib/server/clock';
import { myTasks } from '$lib/server/programmes';

export const load: PageServerLoad = async (event) => {
	const user = guard.requireUser(event);
	const tasks = await myTasks(db(), user.id);
	return { tasks: tasks.map((t) => ({ ...t, deadlineOn: formatDeadline(t.deadline) })) };
};
