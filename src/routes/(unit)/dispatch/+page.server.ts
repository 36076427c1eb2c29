// /dispatch (调训): the priority list of a subtree for an administrator or a
// unit leader (a unit outside their scope answers 404), and nominating the
// selected people into a class (per-person refusals from classes' nominate()).
import { error, fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { parseId } from '$lib/api/ids';
import { m } from '$lib/paraglide/messages.js';
import { guard } from '$lib/server/auth';
import { db } from '$lib/server/db';
import { orgZone, yearOf } from '$lib/server/clock';
import { ClassError, classErrorMessage } from '$lib/server/classes';
import {
	DISPATCH_ORDERS,
	DISPATCH_PAGE,
	dispatchList,
	dispatchRoots,
	dispatchUnit,
	childUnits,
	nominateFromDispatch,
	openClasses,
	type DispatchOrder
} from '$lib/server/dispatch';
import { isRankLevel, rankLabel, RANK_LEVELS } from '$lib/server/org/rank-levels';
import { isUnitKind, unitKindOptions } from '$lib/server/org/unit-kinds';

export const load: PageServerLoad = async (event) => {
	const user = guard.requireRole(event, 'admin', 'leader');
	const p = event.url.searchParams;
	const roots = await dispatchRoots(db(), user);
	const asked = p.get('unit');
	const unitId = asked === null ? (roots[0]?.id ?? null) : parseId(asked);
	const unit = unitId === null ? null : await dispatchUnit(db(), user, unitId);
	if (asked !== null && !unit) error(404, m.error_not_found());
	const ranks = p.getAll('rank').filter(isRankLevel);
	const kinds = p.getAll('kind').filter(isUnitKind);
	const order = (DISPATCH_ORDERS as readonly string[]).includes(p.get('order') ?? '')
		? (p.get('order') as DispatchOrder)
		: 'hours';
	const specialisedOnly = p.get('specialised') === '1';
	const rawPage = Number(p.get('page') ?? 1);
	const page = Number.isSafeInteger(rawPage) && rawPage > 0 && rawPage < 10000 ? rawPage : 1;
	const year = yearOf(new Date());
	const [list, classes, children] = await Promise.all([
		unit
			? dispatchList(db(), {
					unitId: unit.id,
					year,
					zone: orgZone(),
					rankLevels: ranks,
					unitKinds: kinds,
					specialisedOnly,
					order,
					offset: (page - 1) * DISPATCH_PAGE
				})
			: { total: 0, rows: [] },
		openClasses(db(), user),
		unit ? childUnits(db(), unit.id) : []
	]);
	return {
		year,
		roots,
		unit,
		children,
		filters: { ranks, kinds, order, specialisedOnly },
		rankOptions: RANK_LEVELS.map((value) => ({ value, label: rankLabel(value) })),
		kindOptions: unitKindOptions(),
		list,
		page,
		pages: Math.max(1, Math.ceil(list.total / DISPATCH_PAGE)),
		classes
	};
};

export const actions: Actions = {
	nominate: async (event) => {
		const user = guard.requireRole(event, 'admin', 'leader');
		const form = await event.request.formData();
		const classId = parseId(form.get('classId'));
		const userIds = [...new Set(form.getAll('user').map(parseId))].filter(
			(n): n is number => n !== null
		);
		const errors: string[] = [];
		if (classId === null) errors.push(m.dispatch_err_class());
		if (userIds.length === 0) errors.push(m.dispatch_err_people());
		if (userIds.length > 500) errors.push(m.dispatch_err_people());
		if (errors.length) return fail(400, { errors, selected: userIds });
		try {
			const r = await nominateFromDispatch(
				db(),
				user,
				classId!,
				userIds,
				form.get('waitlist') === '1'
			);
			const names = await db()<{ id: number; name: string }[]>`
				select id, name from users
				where id = any(${userIds}::int[]) and ${guard.unitScopeFilter(db(), user, 'unit_id')}`;
			const nameOf = (id: number) => names.find((n) => n.id === id)?.name ?? `#${id}`;
			return {
				result: {
					enrolled: r.enrolled.map(nameOf),
					waitlisted: r.waitlisted.map(nameOf),
					refused: r.refused.map((x) => ({
						name: nameOf(x.userId),
						reason: x.reason,
						code: x.code
					}))
				},
				selected: r.refused.map((x) => x.userId)
			};
		} catch (e) {
			if (e instanceof ClassError)
				return fail(400, { errors: [classErrorMessage(e)], selected: userIds });
			throw e;
		}
	}
};
