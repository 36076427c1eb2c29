import type { PageServerLoad } from './$types';
import { reportProgrammes } from '$lib/server/reports/scope';
import { formatDeadline, reportReads, requireReportViewer } from './report.server';

export const load: PageServerLoad = async (event) => {
	const user = requireReportViewer(event);
	const read = await reportReads(event);
	const programmes = await reportProgrammes(read.sql, user);
	return {
		freshness: read.freshness,
		programmes: programmes.map((p) => ({
			id: p.id,
			title: p.title,
			status: p.status,
			deadline: formatDeadline(p.deadline),
			assigned: p.assigned
		}))
	};
};
