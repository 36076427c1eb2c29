import { redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { unitReport } from '$lib/server/reports/rollup';
import { reportRoots, requireReportProgramme } from '$lib/server/reports/scope';
import { formatDeadline, reportReads, requireReportViewer } from '../report.server';

// One root (a county leader, an admin of one prefecture): straight to its
// report. Several scope roots: one row per root and their total.
export const load: PageServerLoad = async (event) => {
	const user = requireReportViewer(event);
	const programme = await requireReportProgramme(db(), user, Number(event.params.programmeId));
	const roots = await reportRoots(db(), user);
	if (roots.length === 1) redirect(303, `/reports/${programme.id}/units/${roots[0]}`);
	const read = await reportReads(event);
	const report = await unitReport(read.sql, programme, { rootIds: roots });
	return {
		freshness: read.freshness,
		programme: {
			id: programme.id,
			title: programme.title,
			deadline: formatDeadline(programme.deadline)
		},
		report
	};
};
