import type { RequestHandler } from './$types';
import { archiveFileName, archivePdf } from '$lib/server/archive';
import { formatStamp } from '$lib/server/clock';
import { attachment } from '$lib/server/xlsx/table';
import { loadArchive } from '../../archive.server';

export const GET: RequestHandler = async (event) => {
	const { archive } = await loadArchive(event, Number(event.params.id));
	const pdf = await archivePdf(archive, formatStamp(new Date()));
	return new Response(new Uint8Array(pdf), {
		headers: {
			'content-type': 'application/pdf',
			'content-disposition': attachment(archiveFileName(archive, 'pdf'))
		}
	});
};
