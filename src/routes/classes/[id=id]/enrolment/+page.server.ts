import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages.js';
import { db } from '$lib/server/db';
import { listEnrolments, nominate, withdraw } from '$lib/server/classes/enrolment';
import { organiserActor } from '$lib/server/classes/access';
import { changeQuota, listQuotas, quotaUnitOptions } from '$lib/server/classes/manage';
import { idsByEmployeeNo } from '$lib/server/classes/trainee';
import { classes as limits } from '$lib/api/limits';
import { parseId } from '$lib/api/ids';
import { attempt, field, requireManagedClass } from '../../class.server';
import { nominationOutcome } from '../nominate/outcome.server';

export const load: PageServerLoad = async (event) => {
	const { user, cls } = await requireManagedClass(event);
	const sql = db();
	const [quotas, units, enrolments] = await Promise.all([
		listQuotas(sql, cls.id),
		quotaUnitOptions(sql, cls.organiserUnitId),
		listEnrolments(sql, cls.id, organiserActor(user))
	]);
	return { cls, quotas, units, enrolments };
};

export const actions: Actions = {
	quota: async (event) => {
		const { cls } = await requireManagedClass(event);
		const form = await event.request.formData();
		const unitId = parseId(field(form, 'unitId'));
		const quota = Number(field(form, 'quota'));
		if (unitId === null || !Number.isInteger(quota) || quota < 1 || quota > limits.quota)
			return fail(400, { action: 'quota', error: m.classes_err_quota({ max: limits.quota }) });
		const [inside] = await db()`
			select 1 from org_closure where ancestor_id = ${cls.organiserUnitId} and descendant_id = ${unitId}`;
		if (!inside) return fail(400, { action: 'quota', error: m.classes_err_quota_unit() });
		return attempt('quota', async () => {
			await changeQuota(db(), cls.id, unitId, quota);
			return { action: 'quota', ok: m.classes_saved() };
		});
	},
	select: async (event) => {
		const { user, cls } = await requireManagedClass(event);
		const text = field(await event.request.formData(), 'employeeNos');
		// the box's own limit: a longer list is refused whole, never cut (nobody is silently left out)
		if (text.length > limits.selection)
			return fail(400, {
				action: 'select',
				error: m.classes_err_selection_long({ max: limits.selection })
			});
		const numbers = text.split(/[\s,，、;；]+/);
		const { ids, unknown } = await idsByEmployeeNo(db(), numbers);
		if (!ids.length && !unknown.length)
			return fail(400, { action: 'select', error: m.classes_err_nobody() });
		return attempt('select', async () => {
			const out = await nominate(db(), {
				classId: cls.id,
				actor: organiserActor(user),
				userIds: ids
			});
			return { action: 'select', ...(await nominationOutcome(db(), out, unknown)) };
		});
	},
	withdraw: async (event) => {
		const { user, cls } = await requireManagedClass(event);
		const userId = parseId(field(await event.request.formData(), 'userId'));
		if (userId === null)
			return fail(400, { action: 'withdraw', error: m.class_err_not_enrolled() });
		return attempt('withdraw', async () => {
			const out = await withdraw(db(), { classId: cls.id, actor: organiserActor(user), userId });
			const [p] = out.promoted
				? await db()`select name from users where id = ${out.promoted}`
				: [null];
			return {
				action: 'withdraw',
				ok: p ? m.classes_withdrawn_promoted({ name: p.name }) : m.classes_withdrawn()
			};
		});
	}
};
