import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { parseId } from '$lib/api/ids';
import * as audit from '$lib/server/audit';
import { guard } from '$lib/server/auth';
import { db } from '$lib/server/db';
import { createVersion, deleteFutureVersion, listVersions } from '$lib/server/credit/versions';
import { parseRuleSetForm } from '$lib/server/credit/validate';
import { ruleErrorMessage } from '$lib/server/credit/messages';
import { dayOf, orgZone, zoneLabel } from '$lib/server/clock';
import { m } from '$lib/paraglide/messages.js';

export const load: PageServerLoad = async (event) => {
	guard.requireRole(event, 'admin');
	const versions = await listVersions(db(), orgZone());
	const today = dayOf(new Date());
	// the version in force today: the newest that began on or before it
	const current = versions.find((v) => v.validFrom <= today) ?? null;
	return { versions, currentId: current?.id ?? null, today, zone: zoneLabel() };
};

export const actions: Actions = {
	create: async (event) => {
		const user = guard.requireRole(event, 'admin');
		const form = await event.request.formData();
		const values = Object.fromEntries([...form].map(([k, v]) => [k, String(v)]));
		const parsed = parseRuleSetForm(form, dayOf(new Date()));
		if (!parsed.ok)
			return fail(400, { action: 'create', errors: parsed.errors.map(ruleErrorMessage), values });
		const created = await createVersion(db(), parsed.input, user.id, orgZone());
		if (!created.ok)
			return fail(409, { action: 'create', errors: created.errors.map(ruleErrorMessage), values });
		await audit.record(db(), {
			actor: user,
			action: 'credit_rules.create',
			target: `credit_rules:${parsed.input.validFrom}`,
			detail: { validFrom: parsed.input.validFrom },
			ip: event.getClientAddress()
		});
		return { action: 'create', ok: m.credit_rules_created({ date: parsed.input.validFrom }) };
	},
	delete: async (event) => {
		const user = guard.requireRole(event, 'admin');
		const id = parseId((await event.request.formData()).get('id'));
		if (id === null || !(await deleteFutureVersion(db(), id)))
			return fail(409, { action: 'delete', errors: [m.credit_rules_delete_refused()] });
		await audit.record(db(), {
			actor: user,
			action: 'credit_rules.delete',
			target: `credit_rules:${id}`,
			ip: event.getClientAddress()
		});
		return { action: 'delete', ok: m.credit_rules_deleted() };
	}
};
