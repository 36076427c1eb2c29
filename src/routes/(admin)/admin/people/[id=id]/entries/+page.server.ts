import { error, fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad, RequestEvent } from './$types';
import { parseId } from '$lib/api/ids';
import { m } from '$lib/paraglide/messages.js';
import * as audit from '$lib/server/audit';
import { guard } from '$lib/server/auth';
import { dayOf, orgZone } from '$lib/server/clock';
import { db } from '$lib/server/db';
import { getPerson } from '$lib/server/org/people';
import {
	addManualEntry,
	addTrainingRecord,
	entryErrorMessage,
	listEntries,
	parseManualForm,
	parseRecordForm,
	voidEntry,
	type EntryError
} from '$lib/server/ledger';

function personId(event: RequestEvent | Parameters<PageServerLoad>[0]): number {
	const id = parseId(event.params.id);
	if (id === null) error(404, m.people_not_found());
	return id;
}

export const load: PageServerLoad = async (event) => {
	guard.requireRole(event, 'admin');
	const person = await getPerson(db(), personId(event));
	if (!person) error(404, m.people_not_found());
	const entries = await listEntries(db(), person.id, orgZone());
	return {
		person: { id: person.id, name: person.name, employeeNo: person.employeeNo },
		entries,
		today: dayOf(new Date())
	};
};

const messages = (errors: EntryError[]) =>
	Object.fromEntries(errors.map((e) => [e.field, entryErrorMessage(e.field, e.code, e.params)]));

/** The optional `attachment` file of a form (an empty file input sends a nameless empty file). */
async function attachmentOf(form: FormData) {
	const file = form.get('attachment');
	if (!(file instanceof File) || (file.size === 0 && !file.name)) return null;
	return { bytes: new Uint8Array(await file.arrayBuffer()) };
}

async function write(event: RequestEvent, kind: 'manual' | 'record') {
	const me = guard.requireRole(event, 'admin');
	const id = personId(event);
	const form = await event.request.formData();
	const values = Object.fromEntries(
		[...form.entries()].filter(([, v]) => typeof v === 'string').map(([k, v]) => [k, String(v)])
	);
	const refuse = (errors: EntryError[]) =>
		fail(400, { action: kind, errors: messages(errors), values, message: m.ledger_err_form() });
	const today = dayOf(new Date());
	const parsed = kind === 'manual' ? parseManualForm(form, today) : parseRecordForm(form, today);
	if (!parsed.ok) return refuse(parsed.errors);
	const attachment = await attachmentOf(form);
	const result =
		'kind' in parsed.input
			? await addTrainingRecord(db(), id, parsed.input, attachment, me.id, orgZone())
			: await addManualEntry(db(), id, parsed.input, attachment, me.id, orgZone());
	if (!result.ok) {
		if (result.errors.some((e) => e.field === 'person')) error(404, m.people_not_found());
		return refuse(result.errors);
	}
	const hours = String(parsed.input.hours);
	await audit.record(db(), {
		actor: me,
		action: kind === 'manual' ? 'ledger.manual' : 'ledger.record',
		target: `user:${id}`,
		detail: { hours: parsed.input.hours, attachment: !!attachment },
		ip: event.getClientAddress()
	});
	return {
		action: kind,
		ok: kind === 'manual' ? m.ledger_manual_saved({ hours }) : m.ledger_record_saved({ hours })
	};
}

export const actions: Actions = {
	manual: (event) => write(event, 'manual'),
	record: (event) => write(event, 'record'),
	void: async (event) => {
		const me = guard.requireRole(event, 'admin');
		const id = personId(event);
		const form = await event.request.formData();
		const entryId = parseId(String(form.get('entryId') ?? ''));
		if (entryId === null) error(404, m.ledger_err_not_found());
		const r = await voidEntry(db(), id, entryId, String(form.get('reason') ?? ''), me.id);
		if (r.ok) {
			await audit.record(db(), {
				actor: me,
				action: 'ledger.void',
				target: `entry:${entryId}`,
				detail: { userId: id, reason: String(form.get('reason') ?? '').slice(0, 200) },
				ip: event.getClientAddress()
			});
			return { action: 'void' as const, entryId, ok: m.ledger_voided_notice() };
		}
		if (r.reason === 'not_found') error(404, m.ledger_err_not_found());
		const message =
			r.reason === 'invalid'
				? entryErrorMessage('reason', r.errors[0].code, r.errors[0].params)
				: m.ledger_err_already_voided();
		return fail(400, { action: 'void' as const, entryId, error: message });
	}
};
