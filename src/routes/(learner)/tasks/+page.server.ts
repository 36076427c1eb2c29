import type { PageServerLoad } from './$types';
import { guard } from '$lib/server/auth';
import { db } from '$lib/server/db';
import { deadlineDay, myTasks } from '$lib/server/programmes';

export const load: PageServerLoad = async (event) => {
	const user = guard.requireUser(event);
	const tasks = await myTasks(db(), user.id);
	return { tasks: tasks.map((t) => ({ ...t, deadlineOn: deadlineDay(t.deadline) })) };
};
