// The unit view's loads: the viewer's roots, or one unit of their scope (404
// outside it, the reports' guard) with its sub-units and the people below.
import type { RequestEvent } from '@sveltejs/kit';
import { guard } from '$lib/server/auth';
import { db } from '$lib/server/db';
import { dayOf, yearOf } from '$lib/server/clock';
import { ancestors } from '$lib/server/org/closure';
import { reportRoots, requireReportUnit } from '$lib/server/reports/scope';
import {
	parseYear,
	shortfallPeople,
	shortfallReport,
	listRequirements,
	SHORTFALL_PAGE,
	yearChoices
} from '$lib/server/archive';

export function viewer(event: RequestEvent) {
	return guard.requireRole(event, 'leader', 'admin');
}

function yearOfRequest(event: RequestEvent) {
	const now = new Date();
	const current = yearOf(now);
	return {
		year: parseYear(event.url.searchParams.get('year'), current),
		years: yearChoices(current),
		today: dayOf(now)
	};
}

/** Requirement names by id, for the gaps of the people list. */
async function requirementNames(): Promise<Record<number, string>> {
	const reqs = await listRequirements(db());
	return Object.fromEntries(reqs.map((r) => [r.id, r.name]));
}

export async function loadRoots(event: RequestEvent) {
	const user = viewer(event);
	const { year, years, today } = yearOfRequest(event);
	const roots = await reportRoots(db(), user);
	// an administrator's roots are the whole tree
	const everyone = guard.scopeRootIds(user) === null;
	const report = await shortfallReport(db(), { rootIds: roots, everyone }, year, today);
	return { year, years, report, unit: null, path: [], people: null, names: {} };
}

export async function loadUnit(event: RequestEvent, limit = SHORTFALL_PAGE) {
	const user = viewer(event);
	const unitId = Number(event.params.unitId);
	await requireReportUnit(db(), user, unitId);
	const { year, years, today } = yearOfRequest(event);
	const page = Math.max(1, Number.parseInt(event.url.searchParams.get('page') ?? '1', 10) || 1);
	const [report, people, full, names] = await Promise.all([
		shortfallReport(db(), { unitId }, year, today),
		shortfallPeople(db(), unitId, year, today, { limit, offset: (page - 1) * limit }),
		ancestors(db(), unitId),
		requirementNames()
	]);
	// breadcrumbs from the viewer's own scope root down
	const roots = guard.scopeRootIds(user);
	const from = roots ? full.findIndex((p) => roots.includes(p.id)) : 0;
	const path = full.slice(Math.max(0, from)).map((p) => ({ id: p.id, name: p.name }));
	return {
		year,
		years,
		report,
		unit: { id: unitId, name: full.at(-1)?.name ?? '' },
		path,
		people: { ...people, page, pages: Math.max(1, Math.ceil(people.total / limit)) },
		names
	};
}
