import type { PageServerLoad } from './$types';
import { formatStamp } from '../../report.server';
import { ownExport, wire } from './export.server';

export const load: PageServerLoad = async (event) => {
	const row = await ownExport(event);
	return { exp: wire(row), expiresAt: formatStamp(row.expiresAt) };
};
