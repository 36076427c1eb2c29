import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { guard } from '$lib/server/auth';
import { db } from '$lib/server/db';
import { saveProgramme, shanghaiDate, validateProgramme } from '$lib/server/programmes';
import { errorMessages, formChoices, formValues, toRaw, type FormValues } from '../form.server';

export const load: PageServerLoad = async (event) => {
	const user = guard.requireRole(event, 'admin', 'leader');
	const now = new Date();
	const values: FormValues = {
		title: '',
		description: '',
		courses: {},
		electiveRule: 'none',
		minElectives: '',
		minElectiveHours: '',
		units: '',
		rankLevels: [],
		people: '',
		presenceCheck: false,
		maxCreditedRate: '',
		startsOn: shanghaiDate(now),
		deadlineOn: shanghaiDate(new Date(now.getTime() + 30 * 86400_000))
	};
	return { values, ...(await formChoices(db(), user)) };
};

export const actions: Actions = {
	save: async (event) => {
		const user = guard.requireRole(event, 'admin', 'leader');
		const values = formValues(await event.request.formData());
		const checked = validateProgramme(await toRaw(db(), values));
		if (!checked.ok) return fail(400, { values, errors: errorMessages(checked.errors) });
		const saved = await saveProgramme(db(), user, null, checked.value);
		if (!saved?.ok) return fail(400, { values, errors: errorMessages(saved?.errors ?? []) });
		redirect(303, `/programmes/${saved.id}`);
	}
};
