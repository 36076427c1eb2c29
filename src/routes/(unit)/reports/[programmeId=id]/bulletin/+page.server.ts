import type { PageServerLoad } from './$types';
import { formatDeadline } from '../../report.server';
import { loadBulletin } from './bulletin.server';

export const load: PageServerLoad = async (event) => {
	const { programme, bulletin, unit, rootName, freshness } = await loadBulletin(event);
	return {
		freshness,
		programme: {
			id: programme.id,
			title: programme.title,
			deadline: formatDeadline(programme.deadline)
		},
		bulletin,
		unit,
		rootName
	};
};
