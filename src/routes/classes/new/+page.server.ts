import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages.js';
import { guard } from '$lib/server/auth';
import { db } from '$lib/server/db';
import { createClass, placeOptions } from '$lib/server/classes/classes';
import { categories, organiserUnitOptions } from '$lib/server/classes/manage';
import { parseClassForm } from '$lib/server/classes/forms';
import { parseId } from '$lib/api/ids';
import { field } from '../class.server';

export const load: PageServerLoad = async (event) => {
	const user = guard.requireRole(event, 'admin', 'leader');
	const sql = db();
	const [cats, places, units] = await Promise.all([
		categories(sql),
		placeOptions(sql),
		organiserUnitOptions(sql, guard.scopeRootIds(user))
	]);
	return { categories: cats, sites: places.sites, units };
};

export const actions: Actions = {
	default: async (event) => {
		const user = guard.requireRole(event, 'admin', 'leader');
		const form = await event.request.formData();
		const values = Object.fromEntries([...form].map(([k, v]) => [k, String(v)]));
		const unitId = parseId(field(form, 'organiserUnitId'));
		if (unitId === null || !(await guard.isUnitInScope(db(), user, unitId)))
			return fail(400, { error: m.classes_err_organiser(), values });
		const parsed = parseClassForm(form, unitId);
		if (!parsed.ok) return fail(400, { error: parsed.error, values });
		let id: number;
		try {
			id = await createClass(db(), parsed.value, user.id);
		} catch (e) {
			if ((e as { code?: string }).code === '23503') error(400, m.classes_err_category());
			throw e;
		}
		redirect(303, `/classes/${id}`);
	}
};
