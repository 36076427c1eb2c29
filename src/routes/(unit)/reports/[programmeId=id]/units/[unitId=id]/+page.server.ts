import type { PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { parseFilter, peoplePage } from '$lib/server/reports/people';
import { withFigures } from '$lib/server/reports/people-figures';
import { unitReport } from '$lib/server/reports/rollup';
import { completionSeries } from '$lib/server/reports/snapshots';
import { formatDeadline, formatStamp, reportTarget } from '../../../report.server';

export const load: PageServerLoad = async (event) => {
	const { programme, unitId, path } = await reportTarget(event, event.params.unitId);
	const sp = event.url.searchParams;
	const filter = parseFilter(sp.get('status'));
	const q = (sp.get('q') ?? '').trim().slice(0, 50);
	const includeSub = sp.get('sub') === '1';
	const page = Number.parseInt(sp.get('page') ?? '1', 10) || 1;
	const [report, people, series] = await Promise.all([
		unitReport(db(), programme, { unitId }),
		peoplePage(db(), { programme, unitId, includeSub, filter, q }, page),
		completionSeries(db(), programme.id, unitId)
	]);
	const figured = await withFigures(db(), programme.id, people.rows);
	return {
		programme: {
			id: programme.id,
			title: programme.title,
			deadline: formatDeadline(programme.deadline)
		},
		unitId,
		path,
		report,
		series,
		filter,
		q,
		includeSub,
		people: {
			...people,
			rows: figured.map((p) => ({
				...p,
				lastActivityAt: p.lastActivityAt ? formatStamp(p.lastActivityAt) : null,
				completedAt: p.completedAt ? formatStamp(p.completedAt) : null
			}))
		}
	};
};
