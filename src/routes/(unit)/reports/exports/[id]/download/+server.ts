import { error } from '@sveltejs/kit';
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import type { RequestHandler } from './$types';
import { m } from '$lib/paraglide/messages.js';
import { exportFileSize, exportPath } from '$lib/server/reports/export/jobs';
import { attachment, XLSX_TYPE } from '$lib/server/reports/export/xlsx';
import { ownExport } from '../export.server';

export const GET: RequestHandler = async (event) => {
	const row = await ownExport(event);
	const size = row.status === 'done' ? await exportFileSize(row.id) : null;
	if (size === null) error(404, m.error_not_found());
	return new Response(Readable.toWeb(createReadStream(exportPath(row.id))) as ReadableStream, {
		headers: {
			'content-type': XLSX_TYPE,
			'content-length': String(size),
			'content-disposition': attachment(row.filename),
			'cache-control': 'private, no-store'
		}
	});
};
