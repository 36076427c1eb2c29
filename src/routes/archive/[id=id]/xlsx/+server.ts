import type { RequestHandler } from './$types';
import { archiveFileName, writeArchiveXlsx } from '$lib/server/archive';
import { xlsxResponse } from '$lib/server/reports/export/respond';
import { loadArchive } from '../../archive.server';

export const GET: RequestHandler = async (event) => {
	const { archive } = await loadArchive(event, Number(event.params.id));
	return xlsxResponse(archiveFileName(archive, 'xlsx'), (out) => writeArchiveXlsx(out, archive));
};
