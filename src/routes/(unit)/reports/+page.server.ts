import type { PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { reportProgrammes } from '$lib/server/reports/scope';
import { formatDeadline, requireReportViewer } from './report.server';

export const load: PageServerLoad = async (event) => {
	const user = requireReportViewer(event);
	const programmes = await reportProgrammes(db(), user);
	return {
		programmes: programmes.map((p) => ({
			id: p.id,
			title: p.title,
			status: p.status,
			deadline: formatDeadline(p.deadline),
			assigned: p.assigned
		}))
	};
};
