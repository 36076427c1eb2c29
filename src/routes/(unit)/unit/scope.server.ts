// The unit leader's read-only view of their subtrees: shared by /unit and /unit/[id].
import * as limits from '$lib/api/limits';
import type { RequestEvent } from '@sveltejs/kit';
import { guard } from '$lib/server/auth';
import { db } from '$lib/server/db';
import { findPeople } from '$lib/server/org/people';
import { unitKindOptions } from '$lib/server/org/unit-kinds';
import { rankLabel, RANK_LEVELS } from '$lib/server/org/rank-levels';

export const PAGE_SIZE = 50;

export function requireScopeViewer(event: RequestEvent) {
	return guard.requireRole(event, 'leader', 'admin');
}

/** People of one unit's subtree, never beyond the viewer's scope, one page at a time. */
export async function peoplePage(event: RequestEvent, unitId: number | undefined) {
	const user = requireScopeViewer(event);
	const q = (event.url.searchParams.get('q') ?? '').trim().slice(0, limits.search.people);
	const page = Math.max(1, Number.parseInt(event.url.searchParams.get('page') ?? '1', 10) || 1);
	const { total, people } = await findPeople(db(), {
		q,
		unitId,
		includeSubtree: true,
		scopeRootIds: guard.scopeRootIds(user),
		limit: PAGE_SIZE,
		offset: (page - 1) * PAGE_SIZE
	});
	return {
		q,
		page,
		pages: Math.max(1, Math.ceil(total / PAGE_SIZE)),
		total,
		// Only what a leader needs to chase people: no roles, no account state beyond active.
		people: people.map((p) => ({
			id: p.id,
			employeeNo: p.employeeNo,
			name: p.name,
			unitPath: p.unitPath,
			rank: rankLabel(p.rankLevel),
			position: p.position,
			active: p.active
		})),
		kinds: unitKindOptions(),
		ranks: RANK_LEVELS.map((r) => rankLabel(r))
	};
}
