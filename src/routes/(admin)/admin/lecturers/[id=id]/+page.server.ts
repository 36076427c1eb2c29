import { error, fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages.js';
import { guard } from '$lib/server/auth';
import { db } from '$lib/server/db';
import { getLecturer, lecturerRecord, setLecturerActive } from '$lib/server/lecturers';
import { dayOf } from '$lib/server/clock';
import { submitLecturer } from '../lecturer-form.server';

export const load: PageServerLoad = async (event) => {
	guard.requireRole(event, 'admin');
	const id = Number(event.params.id);
	const lecturer = await getLecturer(db(), id);
	if (!lecturer) error(404, m.pool_not_found());
	const record = await lecturerRecord(db(), id);
	return {
		lecturer,
		record: {
			...record,
			taught: record.taught.map((t) => ({ ...t, day: t.at ? dayOf(t.at) : '' }))
		},
		created: event.url.searchParams.has('created')
	};
};

export const actions: Actions = {
	save: async (event) => {
		guard.requireRole(event, 'admin');
		const r = await submitLecturer(event.request, Number(event.params.id));
		if (r.ok) return { action: 'save' as const, ok: m.pool_saved() };
		if ('notFound' in r) error(404, m.pool_not_found());
		return r.failure;
	},
	active: async (event) => {
		guard.requireRole(event, 'admin');
		const id = Number(event.params.id);
		const active = (await event.request.formData()).get('active') === '1';
		if (!(await getLecturer(db(), id))) error(404, m.pool_not_found());
		if (!(await setLecturerActive(db(), id, active)))
			return fail(400, { action: 'active' as const, error: m.pool_err_activate() });
		return { action: 'active' as const, ok: active ? m.pool_activated() : m.pool_deactivated() };
	}
};
