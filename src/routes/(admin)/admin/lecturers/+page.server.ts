import type { PageServerLoad } from './$types';
import * as limits from '$lib/api/limits';
import { guard } from '$lib/server/auth';
import { db } from '$lib/server/db';
import { listLecturers } from '$lib/server/lecturers';

const PAGE = 50;

export const load: PageServerLoad = async (event) => {
	guard.requireRole(event, 'admin');
	const q = (event.url.searchParams.get('q') ?? '').slice(0, limits.search.text);
	const includeInactive = event.url.searchParams.get('inactive') === '1';
	const raw = Number(event.url.searchParams.get('page') ?? 1);
	const page = Number.isSafeInteger(raw) && raw > 0 && raw < 100000 ? raw : 1;
	const { total, lecturers } = await listLecturers(db(), {
		q,
		includeInactive,
		limit: PAGE,
		offset: (page - 1) * PAGE
	});
	return {
		q,
		includeInactive,
		total,
		lecturers,
		page,
		pages: Math.max(1, Math.ceil(total / PAGE))
	};
};
