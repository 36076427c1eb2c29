import type { RequestHandler } from './$types';
import { safeFilename, xlsxResponse } from '$lib/server/reports/export/respond';
import { writeYearEndXlsx } from '$lib/server/yearend/export';
import { loadYearEnd } from '../year-end.server';

export const GET: RequestHandler = async (event) => {
	const { stats, scope, meta } = await loadYearEnd(event);
	return xlsxResponse(safeFilename(meta.title, scope), (out) => writeYearEndXlsx(out, meta, stats));
};
