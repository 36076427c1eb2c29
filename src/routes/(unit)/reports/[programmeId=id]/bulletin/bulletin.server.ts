import type { RequestEvent } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { bulletin } from '$lib/server/reports/bulletin';
import { reportRoots, requireReportProgramme, requireReportUnit } from '$lib/server/reports/scope';
import { reportReads, requireReportViewer } from '../../report.server';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The bulletin of the URL's programme, root unit (default: the viewer's roots), level and day. */
export async function loadBulletin(event: RequestEvent) {
	const user = requireReportViewer(event);
	const programme = await requireReportProgramme(db(), user, Number(event.params.programmeId));
	const sp = event.url.searchParams;
	const unitParam = sp.get('unit');
	let rootIds: number[];
	if (unitParam) {
		await requireReportUnit(db(), user, Number(unitParam));
		rootIds = [Number(unitParam)];
	} else rootIds = await reportRoots(db(), user);
	const day = sp.get('day');
	const validDay = day && DAY.test(day) && !Number.isNaN(Date.parse(day)) ? day : null;
	const read = await reportReads(event);
	const b = await bulletin(
		read.sql,
		programme.id,
		rootIds,
		Number(sp.get('level') ?? '1'),
		validDay
	);
	const [root] = await db()<
		{ name: string }[]
	>`select name from org_units where id = ${rootIds[0] ?? 0}`;
	return {
		programme,
		bulletin: b,
		freshness: read.freshness,
		unit: unitParam ? Number(unitParam) : null,
		rootName: rootIds.length === 1 ? (root?.name ?? '') : ''
	};
}
