import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { parseId } from '$lib/api/ids';
import { REQUIREMENT_SOURCES } from '$lib/api/archive';
import { guard } from '$lib/server/auth';
import { db } from '$lib/server/db';
import { dayOf } from '$lib/server/clock';
import {
	createRequirementVersion,
	deleteFutureRequirementVersion,
	listRequirements
} from '$lib/server/archive';
import { parseRequirementForm } from '$lib/server/archive/requirement-form';
import { RANK_LEVELS } from '$lib/server/org/rank-levels';
import { m } from '$lib/paraglide/messages.js';

export const load: PageServerLoad = async (event) => {
	guard.requireRole(event, 'admin');
	return {
		requirements: await listRequirements(db()),
		today: dayOf(new Date()),
		ranks: [...RANK_LEVELS],
		sources: [...REQUIREMENT_SOURCES]
	};
};

export const actions: Actions = {
	create: async (event) => {
		const user = guard.requireRole(event, 'admin');
		const form = await event.request.formData();
		const values = {
			...Object.fromEntries([...form].map(([k, v]) => [k, String(v)])),
			rankLevels: form.getAll('rankLevels').map(String),
			sources: form.getAll('sources').map(String)
		};
		const today = dayOf(new Date());
		const parsed = parseRequirementForm(form, today);
		if (!parsed.ok) return fail(400, { action: 'create', errors: parsed.errors, values });
		const r = await createRequirementVersion(db(), parsed.input, user.name);
		if (!r.ok) {
			const message =
				r.code === 'overlap'
					? m.archive_req_err_overlap({
							period: r.to
								? m.archive_req_range({ from: r.from, to: r.to })
								: m.archive_req_open_end({ from: r.from })
						})
					: m.archive_req_err_requirement();
			const field = r.code === 'overlap' ? 'validFrom' : 'requirementId';
			return fail(409, { action: 'create', errors: [{ field, message }], values });
		}
		return { action: 'create', ok: m.archive_req_created({ date: parsed.input.validFrom }) };
	},
	delete: async (event) => {
		guard.requireRole(event, 'admin');
		const id = parseId((await event.request.formData()).get('id'));
		if (id === null || !(await deleteFutureRequirementVersion(db(), id, dayOf(new Date()))))
			return fail(409, {
				action: 'delete',
				errors: [{ field: 'id', message: m.archive_req_delete_refused() }]
			});
		return { action: 'delete', ok: m.archive_req_deleted() };
	}
};
