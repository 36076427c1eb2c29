// Shared by the year-end page and its exports: who may enter (administrators,
// unit leaders), what they asked for (checked: 404 outside their subtree).
import type { RequestEvent } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { formatStamp } from '$lib/server/clock';
import { m } from '$lib/paraglide/messages.js';
import { yearEndTarget } from '$lib/server/yearend/scope';
import { yearEndStats } from '$lib/server/yearend/stats';
import { requireReportViewer } from '../report.server';

export async function loadYearEnd(event: RequestEvent) {
	const user = requireReportViewer(event);
	const target = await yearEndTarget(db(), user, event.url.searchParams);
	const stats = await yearEndStats(db(), target.query);
	const scope = stats.unit?.name ?? m.yearend_whole_org();
	const meta = {
		title: m.yearend_title({ year: stats.year }),
		subtitle: m.yearend_subtitle({ scope, stamp: formatStamp(new Date()) })
	};
	return { target, stats, scope, meta };
}

/** ?year=&unit= of the current view, for the export links. */
export function viewQuery(year: number, unitId: number | null): string {
	const q = new URLSearchParams({ year: String(year) });
	if (unitId !== null) q.set('unit', String(unitId));
	return q.toString();
}
