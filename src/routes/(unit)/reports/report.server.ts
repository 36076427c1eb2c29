// Shared by the report routes: who may enter, and the programme + unit checks
// (anything outside the viewer's scope answers 404).
import type { RequestEvent } from '@sveltejs/kit';
import { guard } from '$lib/server/auth';
import { db } from '$lib/server/db';
import { ancestors } from '$lib/server/org/units';
import { requireReportProgramme, requireReportUnit } from '$lib/server/reports/scope';
import { readDbFor } from '$lib/server/db/read-your-writes';
import { freshness } from '$lib/server/reports/freshness';

/** Where this request's report reads go (the replica when it is fresh enough), and the label saying how fresh. */
export async function reportReads(event: RequestEvent) {
	const read = await readDbFor(event);
	return { sql: read.sql, freshness: freshness(read) };
}

export function requireReportViewer(event: RequestEvent) {
	return guard.requireRole(event, 'leader', 'admin');
}

/** The programme and unit of a /reports/[programmeId]/units/[unitId] URL, both checked. */
export async function reportTarget(event: RequestEvent, unitParam: string) {
	const user = requireReportViewer(event);
	const programme = await requireReportProgramme(db(), user, Number(event.params.programmeId));
	const unitId = Number(unitParam);
	await requireReportUnit(db(), user, unitId);
	// Breadcrumbs start at the viewer's own scope root: what is above is not theirs.
	const path = await ancestors(db(), unitId);
	const roots = guard.scopeRootIds(user);
	const from = roots ? path.findIndex((p) => roots.includes(p.id)) : 0;
	return {
		user,
		programme,
		unitId,
		path: path.slice(Math.max(0, from)).map((p) => ({ id: p.id, name: p.name }))
	};
}

// The organisation's clock ($lib/server/clock): stamps 2026-11-27 09:05, and
// a deadline by the one deadline rule (the day it ends, not the midnight after).
export { formatStamp, formatDeadline } from '$lib/server/clock';
