// Shared by the admin unit pages: form parsing, UnitError → message in the UI
// language, and the "create unit" action used for top-level and child units.
import { fail, type ActionFailure } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages.js';
import { db } from '$lib/server/db';
import { createUnit, UnitError } from '$lib/server/org/units';

export type UnitAction = 'create' | 'update' | 'move' | 'delete';

/** The message for a refused unit operation, in the request's language. */
export function unitErrorMessage(e: UnitError): string {
	const p = e.params;
	switch (e.code) {
		case 'not_found':
			return m.units_error_not_found();
		case 'parent_not_found':
			return m.units_error_parent_not_found();
		case 'name_taken':
			return m.units_error_name_taken();
		case 'has_children':
			return m.units_error_has_children({ count: Number(p.count ?? 1) });
		case 'has_people':
			return m.units_error_has_people({ count: Number(p.count ?? 1) });
		case 'in_use':
			return m.units_error_in_use();
		case 'cycle':
			return m.units_error_cycle();
		case 'invalid_kind':
			return m.units_error_invalid_kind();
		case 'invalid_sort_order':
			return m.units_error_invalid_sort_order({ max: Number(p.max) });
		case 'invalid_name':
			if (p.reason === 'too_long') return m.units_error_name_too_long({ max: Number(p.max) });
			if (p.reason === 'control') return m.units_error_name_control();
			if (p.reason === 'slash') return m.units_error_name_slash();
			return m.units_error_name_empty();
	}
}

/** Runs a unit operation; a UnitError becomes a 400 with its message (other errors propagate). */
export async function attempt<T>(
	action: UnitAction,
	values: Record<string, string>,
	fn: () => Promise<T>
): Promise<
	T | ActionFailure<{ action: UnitAction; error: string; values: Record<string, string> }>
> {
	try {
		return await fn();
	} catch (e) {
		if (e instanceof UnitError) return fail(400, { action, error: unitErrorMessage(e), values });
		throw e;
	}
}

/** The sort order field: blank → undefined (default/unchanged); anything else must parse as an integer. */
export function parseSortOrder(value: string): number | undefined {
	const v = value.trim();
	if (v === '') return undefined;
	return /^[+-]?\d+$/.test(v) ? Number(v) : Number.NaN;
}

export function text(form: FormData, name: string): string {
	const v = form.get(name);
	return typeof v === 'string' ? v : '';
}

/** The create action: a new unit under `parentId` (null: top level). */
export async function createFromForm(request: Request, parentId: number | null) {
	const form = await request.formData();
	const values = {
		name: text(form, 'name'),
		kind: text(form, 'kind'),
		sortOrder: text(form, 'sortOrder')
	};
	return attempt('create', values, async () => {
		const unit = await createUnit(db(), {
			parentId,
			name: values.name,
			kind: values.kind,
			sortOrder: parseSortOrder(values.sortOrder)
		});
		return {
			action: 'create' as const,
			ok: m.units_created({ name: unit.name }),
			createdId: unit.id
		};
	});
}
