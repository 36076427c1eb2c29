import { error, fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages.js';
import * as audit from '$lib/server/audit';
import { recordPersonChanges } from '$lib/server/audit/person';
import { guard } from '$lib/server/auth';
import { db } from '$lib/server/db';
import {
	getPerson,
	resetPassword,
	setActive,
	setLeaderScopes,
	updatePerson,
	validatePersonInput,
	type PersonFieldError
} from '$lib/server/org/people';
import { resolveUnitPath } from '$lib/server/org/unit-paths';
import { studyRecord, studyRecordView } from '$lib/server/programmes';
import { listEntries } from '$lib/server/ledger';
import { orgZone } from '$lib/server/clock';
import { rankOptions, roleOptions, unitPaths } from '../people-shared.server';

function personId(raw: string): number {
	const id = Number(raw);
	if (!/^\d{1,9}$/.test(raw) || !Number.isSafeInteger(id)) error(404, m.people_not_found());
	return id;
}

export const load: PageServerLoad = async (event) => {
	guard.requireRole(event, 'admin');
	const person = await getPerson(db(), personId(event.params.id));
	if (!person) error(404, m.people_not_found());
	const [{ paths }, record, entries] = await Promise.all([
		unitPaths(db()),
		studyRecord(db(), person.id),
		listEntries(db(), person.id, orgZone())
	]);
	return {
		person,
		record: studyRecordView(record),
		entries,
		unitPaths: paths,
		ranks: rankOptions(),
		roles: roleOptions()
	};
};

function fieldMessage(e: PersonFieldError, values: Record<string, string>): string {
	switch (e.field) {
		case 'name':
			return e.code === 'too_long'
				? m.people_err_name_too_long({ max: String(e.params?.max) })
				: m.people_err_name_required();
		case 'unit':
			return e.code === 'required'
				? m.people_err_unit_required()
				: m.people_err_unit_unknown({ value: values.unit });
		case 'rankLevel':
			return m.people_err_rank_invalid();
		case 'position':
			return m.people_err_position_too_long({ max: String(e.params?.max) });
		case 'phone':
			return m.people_err_phone_invalid();
		case 'roles':
			return m.people_err_roles_empty();
	}
}

export const actions: Actions = {
	save: async (event) => {
		const me = guard.requireRole(event, 'admin');
		const id = personId(event.params.id);
		const form = await event.request.formData();
		const text = (k: string) => String(form.get(k) ?? '').slice(0, 1000);
		const values = {
			name: text('name'),
			unit: text('unit').trim(),
			rankLevel: text('rankLevel'),
			position: text('position'),
			phone: text('phone')
		};
		const roles = form.getAll('roles').map(String);
		const errors: Record<string, string> = {};

		const { map } = await unitPaths(db());
		const unitId = values.unit ? resolveUnitPath(map, values.unit) : undefined;
		const input = {
			...values,
			unitId: unitId ?? 0,
			roles,
			specialisedPost: form.get('specialisedPost') === '1'
		};
		for (const e of validatePersonInput(input)) errors[e.field] = fieldMessage(e, values);
		if (values.unit && unitId === undefined)
			errors.unit = m.people_err_unit_unknown({ value: values.unit });
		const scopeIds = form
			.getAll('scope')
			.map(Number)
			.filter((n) => Number.isSafeInteger(n) && n > 0);
		const scopeAdd = text('scopeAdd').trim();
		if (scopeAdd) {
			const addId = resolveUnitPath(map, scopeAdd);
			if (addId === undefined) errors.scopeAdd = m.people_err_scope_unknown({ value: scopeAdd });
			else scopeIds.push(addId);
		}
		if (id === me.id && !roles.includes('admin')) errors.roles = m.people_err_self_admin();
		const failure = () =>
			fail(400, {
				action: 'save' as const,
				errors,
				values,
				roles,
				scopeAdd,
				specialisedPost: input.specialisedPost
			});
		if (Object.keys(errors).length) return failure();

		// Fields, roles and scopes change together or not at all.
		const ScopeGone = new Error('scope unit deleted meanwhile');
		let outcome: Awaited<ReturnType<typeof updatePerson>>;
		try {
			outcome = await db().begin(async (tx) => {
				const before = await getPerson(tx, id);
				const r = await updatePerson(tx, id, input);
				if (r?.ok && !(await setLeaderScopes(tx, id, scopeIds))) throw ScopeGone;
				// Recorded with the change itself: both commit or neither.
				if (r?.ok && before)
					await recordPersonChanges(
						tx,
						{ actor: me, ip: event.getClientAddress() },
						before,
						input,
						scopeIds
					);
				return r;
			});
		} catch (e) {
			if (e !== ScopeGone) throw e;
			errors.scopeAdd = m.people_err_scope_unknown({ value: '' });
			return failure();
		}
		if (outcome === null) error(404, m.people_not_found());
		if (!outcome.ok) {
			for (const e of outcome.errors) errors[e.field] = fieldMessage(e, values);
			return failure();
		}
		return { action: 'save' as const, ok: m.people_saved() };
	},

	active: async (event) => {
		const me = guard.requireRole(event, 'admin');
		const id = personId(event.params.id);
		const active = (await event.request.formData()).get('active') === '1';
		if (!active && id === me.id)
			return fail(400, { action: 'active' as const, error: m.people_err_self_disable() });
		const done = await db().begin(async (tx) => {
			const [row] = await tx`select employee_no from users where id = ${id}`;
			if (!row || !(await setActive(tx, id, active))) return false;
			await audit.record(tx, {
				actor: me,
				action: active ? 'person.enable' : 'person.disable',
				target: `user:${id} ${row.employee_no}`,
				ip: event.getClientAddress()
			});
			return true;
		});
		if (!done) error(404, m.people_not_found());
		return {
			action: 'active' as const,
			ok: active ? m.people_enabled_notice() : m.people_disabled_notice()
		};
	},

	reset: async (event) => {
		const me = guard.requireRole(event, 'admin');
		const id = personId(event.params.id);
		const password = await resetPassword(db(), id);
		if (password === null) error(404, m.people_not_found());
		// The new password itself is never recorded.
		await audit.record(db(), {
			actor: me,
			action: 'person.password_reset',
			target: `user:${id}`,
			ip: event.getClientAddress()
		});
		return { action: 'reset' as const, password };
	}
};
