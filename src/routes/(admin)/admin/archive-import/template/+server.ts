import type { RequestHandler } from './$types';
import { guard } from '$lib/server/auth';
import { XLSX_TYPE } from '$lib/server/org/roster-import/template';
import {
	recordsTemplate,
	TEMPLATE_ASCII_NAME,
	TEMPLATE_FILE_NAME
} from '$lib/server/ledger/import/template';

export const GET: RequestHandler = async (event) => {
	guard.requireRole(event, 'admin');
	const body = await recordsTemplate();
	return new Response(new Uint8Array(body), {
		headers: {
			'content-type': XLSX_TYPE,
			'content-disposition': `attachment; filename="${TEMPLATE_ASCII_NAME}"; filename*=UTF-8''${encodeURIComponent(TEMPLATE_FILE_NAME)}`,
			'cache-control': 'no-store'
		}
	});
};
