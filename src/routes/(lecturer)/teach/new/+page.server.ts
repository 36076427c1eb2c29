import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { guard } from '$lib/server/auth';
import { db } from '$lib/server/db';
import { categoryOptions, createCourse } from '$lib/server/courses';
import { attempt, text } from '../teach.server';

export const load: PageServerLoad = async (event) => {
	guard.requireRole(event, 'lecturer', 'admin');
	return { categories: categoryOptions() };
};

export const actions: Actions = {
	default: async (event) => {
		const user = guard.requireRole(event, 'lecturer', 'admin');
		const form = await event.request.formData();
		const values = {
			title: text(form, 'title'),
			description: text(form, 'description'),
			category: text(form, 'category')
		};
		const result = await attempt('create', values, () => createCourse(db(), user, values));
		if (typeof result !== 'number') return result;
		redirect(303, `/teach/${result}`);
	}
};
