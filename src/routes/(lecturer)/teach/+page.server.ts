import type { PageServerLoad } from './$types';
import { guard } from '$lib/server/auth';
import { db } from '$lib/server/db';
import { categoryLabel, listMyCourses, statusLabel } from '$lib/server/courses';

export const load: PageServerLoad = async (event) => {
	const user = guard.requireRole(event, 'lecturer', 'admin');
	const courses = await listMyCourses(db(), user);
	return {
		courses: courses.map((c) => ({
			...c,
			categoryLabel: categoryLabel(c.category),
			statusLabel: statusLabel(c.status)
		}))
	};
};
