// A unit leader nominates people of their subtree into a class, within the
// quota of their unit (the nearest quota at or above each person's unit).
import * as limits from '$lib/api/limits';
import { error, fail, type RequestEvent } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages.js';
import { guard } from '$lib/server/auth';
import { db } from '$lib/server/db';
import { getClass, quotasInReach } from '$lib/server/classes/access';
import { nominate } from '$lib/server/classes/enrolment';
import { searchCandidates } from '$lib/server/classes/trainee';
import { parseId } from '$lib/api/ids';
import { attempt } from '../../class.server';
import { nominationOutcome } from './outcome.server';

async function requireNominator(event: RequestEvent<{ id: string }>) {
	const user = guard.requireRole(event, 'leader');
	const id = parseId(event.params.id);
	const cls = id === null ? null : await getClass(db(), id);
	const quotas = cls ? await quotasInReach(db(), user, cls.id) : [];
	if (!cls || !quotas.length) error(404, m.class_err_not_found());
	return { user, cls, quotas };
}

export const load: PageServerLoad = async (event) => {
	const { user, cls, quotas } = await requireNominator(event);
	const q = (event.url.searchParams.get('q') ?? '').slice(0, limits.search.people);
	const candidates = await searchCandidates(db(), user, cls.id, q);
	return { cls, quotas, q, candidates };
};

export const actions: Actions = {
	default: async (event) => {
		const { user, cls } = await requireNominator(event);
		const form = await event.request.formData();
		const ids = form
			.getAll('userId')
			.map((v) => parseId(v))
			.filter((v): v is number => v !== null);
		if (!ids.length) return fail(400, { error: m.classes_err_nobody() });
		return attempt('nominate', async () => {
			const out = await nominate(db(), { classId: cls.id, actor: user, userIds: ids });
			return { action: 'nominate', ...(await nominationOutcome(db(), out)) };
		});
	}
};
