// The two charts of the year-end page and PDF, from the statistics.
import { rankLabel } from '../org/rank-levels.ts';
import type { YearEnd } from '../../api/yearend.ts';
import { barChart } from './chart.ts';
import { categoryName } from './lines.ts';

/** Classes per category: the two groups (accented), then the eight fields. */
export const categoryChart = (s: YearEnd) =>
	barChart(
		s.categories.map((c) => ({
			label: categoryName(c),
			value: c.classes,
			accent: c.kind === 'group'
		}))
	);

export const rankChart = (s: YearEnd) =>
	barChart(s.trainedByRank.map((r) => ({ label: rankLabel(r.rankLevel), value: r.people })));
