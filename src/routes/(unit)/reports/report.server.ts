// Shared by the report routes: who may enter, and the programme + unit checks
// (anything outside the viewer's scope answers 404).
import type { RequestEvent } from '@sveltejs/kit';
import { guard } from '$lib/server/auth';
import { db } from '$lib/server/db';
import { ancestors } from '$lib/server/org/units';
import { requireReportProgramme, requireReportUnit } from '$lib/server/reports/scope';

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

const FMT = new Intl.DateTimeFormat('zh-CN', {
	timeZone: 'Asia/Shanghai',
	year: 'numeric',
	month: '2-digit',
	day: '2-digit',
	hour: '2-digit',
	minute: '2-digit',
	hour12: false
});
/** 2026-11-27 09:05 in Asia/Shanghai. */
export function formatStamp(d: Date): string {
	return FMT.format(d).replace(/\//g, '-');
}
export function formatDay(d: Date): string {
	return formatStamp(d).slice(0, 10);
}
