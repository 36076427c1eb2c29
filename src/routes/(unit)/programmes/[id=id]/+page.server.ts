import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages.js';
import * as audit from '$lib/server/audit';
import { db } from '$lib/server/db';
import { rankLabel } from '$lib/server/org/rank-levels';
import {
	archiveProgramme,
	deadlineDay,
	deleteDraft,
	publishProgramme,
	shanghaiDate
} from '$lib/server/programmes';
import { errorMessages } from '../form.server';
import { requireProgramme } from '../programme.server';

export const load: PageServerLoad = async (event) => {
	const { programme } = await requireProgramme(event);
	return {
		programme,
		startsOn: shanghaiDate(programme.startsAt),
		deadlineOn: deadlineDay(programme.deadline),
		ranks: programme.rankLevels?.map((r) => rankLabel(r)) ?? null
	};
};

export const actions: Actions = {
	publish: async (event) => {
		const { user, programme } = await requireProgramme(event);
		const out = await publishProgramme(db(), programme.id, user);
		if (!out) error(404, m.prog_err_not_found());
		if (!out.ok) return fail(400, { errors: Object.values(errorMessages(out.errors)).flat() });
		await audit.record(db(), {
			actor: user,
			action: 'programme.publish',
			target: `programme:${programme.id} ${programme.title}`.slice(0, 300),
			detail: { assigned: out.assigned },
			ip: event.getClientAddress()
		});
		return { notice: m.prog_published_notice({ n: String(out.assigned) }) };
	},
	archive: async (event) => {
		const { user, programme } = await requireProgramme(event);
		const out = await archiveProgramme(db(), programme.id, user);
		if (out === null) error(404, m.prog_err_not_found());
		await audit.record(db(), {
			actor: user,
			action: 'programme.archive',
			target: `programme:${programme.id} ${programme.title}`.slice(0, 300),
			ip: event.getClientAddress()
		});
		return { notice: m.prog_archived_notice() };
	},
	delete: async (event) => {
		const { user, programme } = await requireProgramme(event);
		const out = await deleteDraft(db(), programme.id, user);
		if (out === null) error(404, m.prog_err_not_found());
		if (!out) return fail(400, { errors: [m.prog_err_title_not_draft()] });
		await audit.record(db(), {
			actor: user,
			action: 'programme.delete',
			target: `programme:${programme.id} ${programme.title}`.slice(0, 300),
			ip: event.getClientAddress()
		});
		redirect(303, '/programmes');
	}
};
