import type { PageServerLoad } from './$types';
import { guard } from '$lib/server/auth';
import { db } from '$lib/server/db';
import { toWire, unreadOfKinds } from '$lib/server/notifications';
import { unitPathOf } from '$lib/server/org/unit-paths';
import { deadlineDay, myTasks } from '$lib/server/programmes';

export const load: PageServerLoad = async (event) => {
	const user = guard.requireUser(event);
	const sql = db();
	const [unitPath, scopes, tasks, nudges] = await Promise.all([
		unitPathOf(sql, user.unitId),
		Promise.all(user.scopeUnitIds.map((id) => unitPathOf(sql, id))),
		myTasks(sql, user.id),
		unreadOfKinds(sql, user.id, ['programme_nudge'])
	]);
	// Unfinished study tasks first (by deadline): the home page shows a few.
	const open = tasks.filter((t) => t.status !== 'completed').slice(0, 3);
	return {
		unitPath,
		scopes,
		tasks: open.map((t) => ({ ...t, deadlineOn: deadlineDay(t.deadline) })),
		moreTasks: tasks.length > open.length,
		nudges: nudges.map(toWire)
	};
};
