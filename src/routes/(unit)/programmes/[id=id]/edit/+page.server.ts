import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages.js';
import { db } from '$lib/server/db';
import {
	deadlineDay,
	saveProgramme,
	shanghaiDate,
	validateProgramme
} from '$lib/server/programmes';
import { errorMessages, formChoices, formValues, toRaw, type FormValues } from '../../form.server';
import { requireProgramme } from '../../programme.server';

export const load: PageServerLoad = async (event) => {
	const { user, programme: p } = await requireProgramme(event);
	if (p.status === 'archived') redirect(303, `/programmes/${p.id}`);
	const values: FormValues = {
		title: p.title,
		description: p.description,
		courses: Object.fromEntries(
			p.courses.map((c) => [String(c.courseId), c.required ? 'required' : 'elective'])
		),
		electiveRule:
			p.minElectives !== null ? 'count' : p.minElectiveHours !== null ? 'hours' : 'none',
		minElectives: p.minElectives === null ? '' : String(p.minElectives),
		minElectiveHours: p.minElectiveHours === null ? '' : String(p.minElectiveHours),
		units: p.units.map((u) => u.path).join('\n'),
		rankLevels: p.rankLevels ?? [],
		people: p.people.map((x) => x.employeeNo).join('\n'),
		startsOn: shanghaiDate(p.startsAt),
		deadlineOn: deadlineDay(p.deadline),
		presenceCheck: p.presenceCheck,
		maxCreditedRate: p.maxCreditedRate === null ? '' : String(p.maxCreditedRate)
	};
	return { programme: p, values, ...(await formChoices(db(), user)) };
};

export const actions: Actions = {
	save: async (event) => {
		const { user, programme: p } = await requireProgramme(event);
		const values = formValues(await event.request.formData());
		const raw = await toRaw(db(), values);
		// A published programme keeps its courses and rule: validate with what it has.
		if (p.status !== 'draft') {
			raw.courses = p.courses.map((c) => ({
				courseId: c.courseId,
				role: c.required ? 'required' : 'elective'
			}));
			raw.electiveRule =
				p.minElectives !== null ? 'count' : p.minElectiveHours !== null ? 'hours' : 'none';
			raw.minElectives = String(p.minElectives ?? '');
			raw.minElectiveHours = String(p.minElectiveHours ?? '');
		}
		const checked = validateProgramme(raw);
		if (!checked.ok) return fail(400, { values, errors: errorMessages(checked.errors) });
		const saved = await saveProgramme(db(), user, p.id, checked.value);
		if (!saved) error(404, m.prog_err_not_found());
		if (!saved.ok) return fail(400, { values, errors: errorMessages(saved.errors) });
		redirect(303, `/programmes/${p.id}`);
	}
};
