import type { PageServerLoad } from './$types';
import { categoryChart, rankChart } from '$lib/server/yearend/charts';
import { loadYearEnd, viewQuery } from './year-end.server';

export const load: PageServerLoad = async (event) => {
	const { target, stats, scope } = await loadYearEnd(event);
	return {
		stats,
		scope,
		years: target.years,
		path: target.path,
		children: target.children,
		wholeOrg: target.wholeOrg,
		query: viewQuery(stats.year, target.query.unitId),
		charts: { categories: categoryChart(stats), ranks: rankChart(stats) }
	};
};
