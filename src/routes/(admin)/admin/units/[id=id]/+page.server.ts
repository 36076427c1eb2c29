import * as limits from '$lib/api/limits';
import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages.js';
import { guard } from '$lib/server/auth';
import { db } from '$lib/server/db';
import {
	ancestors,
	deleteUnit,
	getUnitSummary,
	listChildren,
	moveUnit,
	searchUnits,
	updateUnit
} from '$lib/server/org/units';
import { unitKindOptions } from '$lib/server/org/unit-kinds';
import { parseId } from '$lib/api/ids';
import { attempt, createFromForm, parseSortOrder, text } from '../unit-actions.server';

function unitId(param: string): number {
	const id = parseId(param);
	if (id === null) error(404, m.units_error_not_found());
	return id;
}

export const load: PageServerLoad = async (event) => {
	guard.requireRole(event, 'admin');
	const id = unitId(event.params.id);
	const moveQ = (event.url.searchParams.get('moveq') ?? '').trim().slice(0, limits.search.text);
	const [unit, path, children, hits] = await Promise.all([
		getUnitSummary(db(), id),
		ancestors(db(), id),
		listChildren(db(), id),
		moveQ ? searchUnits(db(), moveQ, null, 60) : Promise.resolve(null)
	]);
	if (!unit) error(404, m.units_error_not_found());
	return {
		unit,
		path,
		children,
		moveQ,
		// Candidates for the new parent: the unit itself and its subtree cannot be
		// chosen, so they are listed (marked) after the ones that can.
		moveHits: hits
			? hits
					.map((h) => ({ ...h, inside: h.pathIds.includes(id), current: h.id === unit.parentId }))
					.sort((a, b) => Number(a.inside) - Number(b.inside))
					.slice(0, 20)
			: null,
		kinds: unitKindOptions(),
		deleted: event.url.searchParams.get('deleted')?.slice(0, 100) ?? null
	};
};

export const actions: Actions = {
	create: async (event) => {
		guard.requireRole(event, 'admin');
		return createFromForm(event.request, unitId(event.params.id));
	},

	update: async (event) => {
		guard.requireRole(event, 'admin');
		const id = unitId(event.params.id);
		const form = await event.request.formData();
		const values = {
			name: text(form, 'name'),
			kind: text(form, 'kind'),
			sortOrder: text(form, 'sortOrder')
		};
		return attempt('update', values, async () => {
			const sortOrder = parseSortOrder(values.sortOrder);
			await updateUnit(db(), id, { name: values.name, kind: values.kind, sortOrder });
			return { action: 'update' as const, ok: m.units_saved() };
		});
	},

	move: async (event) => {
		guard.requireRole(event, 'admin');
		const id = unitId(event.params.id);
		const form = await event.request.formData();
		const target = text(form, 'parentId');
		return attempt('move', { parentId: target }, async () => {
			// "top" makes it a top-level unit; anything else must be a unit id.
			const parentId = target === 'top' ? null : (parseId(target) ?? -1);
			await moveUnit(db(), id, parentId);
			if (parentId === null) return { action: 'move' as const, ok: m.units_moved_top() };
			const path = (await ancestors(db(), parentId)).map((a) => a.name).join(' / ');
			return { action: 'move' as const, ok: m.units_moved({ path }) };
		});
	},

	delete: async (event) => {
		guard.requireRole(event, 'admin');
		const id = unitId(event.params.id);
		const form = await event.request.formData();
		const path = await ancestors(db(), id);
		const unit = path.at(-1);
		const parent = path.at(-2);
		if (text(form, 'confirm') !== 'yes') {
			return fail(400, {
				action: 'delete' as const,
				error: m.units_error_confirm_required(),
				values: {}
			});
		}
		const result = await attempt('delete', {}, () => deleteUnit(db(), id));
		if (result) return result; // refused
		const to = parent ? `/admin/units/${parent.id}` : '/admin/units';
		redirect(303, `${to}?deleted=${encodeURIComponent(unit?.name ?? '')}`);
	}
};
