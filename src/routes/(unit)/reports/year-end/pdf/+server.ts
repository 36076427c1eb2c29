import type { RequestHandler } from './$types';
import { attachment } from '$lib/server/xlsx/table';
import { safeFilename } from '$lib/server/reports/export/respond';
import { yearEndPdf } from '$lib/server/yearend/export';
import { loadYearEnd } from '../year-end.server';

export const GET: RequestHandler = async (event) => {
	const { stats, scope, meta } = await loadYearEnd(event);
	const pdf = await yearEndPdf(meta, stats);
	return new Response(new Uint8Array(pdf), {
		headers: {
			'content-type': 'application/pdf',
			'content-disposition': attachment(safeFilename(meta.title, scope).replace(/\.xlsx$/, '.pdf')),
			'cache-control': 'no-store'
		}
	});
};
