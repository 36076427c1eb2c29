import * as limits from '$lib/api/limits';
import type { PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages.js';
import { guard } from '$lib/server/auth';
import { db } from '$lib/server/db';
import { findPeople } from '$lib/server/org/people';
import { resolveUnitPath, unitPathOf } from '$lib/server/org/unit-paths';
import { rankOptions, roleOptions, unitPaths } from './people-shared.server';

const PAGE_SIZE = 50;

export const load: PageServerLoad = async (event) => {
	const user = guard.requireRole(event, 'admin');
	const params = event.url.searchParams;
	const q = (params.get('q') ?? '').trim().slice(0, 100);
	const status =
		params.get('status') === 'active' || params.get('status') === 'inactive'
			? params.get('status')!
			: 'all';
	// Sub-units are included unless the form was sent with the box unticked.
	const includeSubtree =
		params.get('sub') === '1' || (!params.has('sub') && !params.has('searched'));
	const page = Math.max(1, Math.min(100_000, Number.parseInt(params.get('page') ?? '1', 10) || 1));

	const { map, paths } = await unitPaths(db());
	let unit = (params.get('unit') ?? '').trim().slice(0, limits.search.unitPath);
	let unitId: number | undefined;
	let unitError: string | null = null;
	const idParam = Number(params.get('unitId'));
	if (Number.isSafeInteger(idParam) && idParam > 0) {
		unit = await unitPathOf(db(), idParam);
		if (unit) unitId = idParam;
		else unitError = m.people_unit_unknown({ value: String(idParam) });
	} else if (unit) {
		unitId = resolveUnitPath(map, unit);
		if (unitId === undefined) unitError = m.people_unit_unknown({ value: unit });
	}

	const result = unitError
		? { total: 0, people: [] }
		: await findPeople(db(), {
				q: q || undefined,
				unitId,
				includeSubtree,
				scopeRootIds: guard.scopeRootIds(user),
				active: status === 'all' ? undefined : status === 'active',
				limit: PAGE_SIZE,
				offset: (page - 1) * PAGE_SIZE
			});
	return {
		filters: { q, unit, status, includeSubtree },
		unitError,
		page,
		pages: Math.max(1, Math.ceil(result.total / PAGE_SIZE)),
		total: result.total,
		people: result.people,
		unitPaths: paths,
		ranks: rankOptions(),
		roles: roleOptions()
	};
};
