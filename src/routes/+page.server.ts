import type { PageServerLoad } from './$types';
import { guard } from '$lib/server/auth';
import { db } from '$lib/server/db';
import { listCatalogue } from '$lib/server/courses';
import { toWire, unreadOfKinds } from '$lib/server/notifications';
import { unitPathOf } from '$lib/server/org/unit-paths';
import { formatDeadline } from '$lib/server/clock';
import { hourRequirement, myTasks } from '$lib/server/programmes';
import { continueWatching, creditHoursThisYear, shanghaiYear } from '$lib/server/progress';

/** What a learner needs first (as 学习强国 and the cadre academies put it): where they left off,
 * this year's 学时 against their requirement, their tasks with days left, and new courses. */
export const load: PageServerLoad = async (event) => {
	const user = guard.requireUser(event);
	const sql = db();
	const year = shanghaiYear(new Date());
	const [unitPath, scopes, tasks, recent, hours, requirement, fresh, nudges] = await Promise.all([
		unitPathOf(sql, user.unitId),
		Promise.all(user.scopeUnitIds.map((id) => unitPathOf(sql, id))),
		myTasks(sql, user.id),
		continueWatching(sql, user.id, 1),
		creditHoursThisYear(sql, user.id, year),
		hourRequirement(sql, user.id),
		listCatalogue(sql, { pageSize: 4 }),
		unreadOfKinds(sql, user.id, ['programme_nudge'])
	]);
	// Unfinished study tasks first (by deadline): the home page shows a few.
	const open = tasks.filter((t) => t.status !== 'completed').slice(0, 3);
	return {
		unitPath,
		scopes,
		tasks: open.map((t) => ({ ...t, deadlineOn: formatDeadline(t.deadline) })),
		moreTasks: tasks.length > open.length,
		resume: recent[0] ?? null,
		hours: { year, earned: hours, required: requirement },
		newCourses: fresh.courses.map((c) => ({ id: c.id, title: c.title, lessons: c.lessonCount })),
		nudges: nudges.map(toWire)
	};
};
