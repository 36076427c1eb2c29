import type { RequestHandler } from './$types';
import { guard } from '$lib/server/auth';
import { db } from '$lib/server/db';
import { unitPathMap } from '$lib/server/org/unit-paths';
import {
	rosterTemplate,
	TEMPLATE_ASCII_NAME,
	TEMPLATE_FILE_NAME,
	XLSX_TYPE
} from '$lib/server/org/roster-import/template';

export const GET: RequestHandler = async (event) => {
	guard.requireRole(event, 'admin');
	const paths = [...(await unitPathMap(db())).keys()].sort();
	const body = await rosterTemplate(paths);
	return new Response(new Uint8Array(body), {
		headers: {
			'content-type': XLSX_TYPE,
			'content-disposition': `attachment; filename="${TEMPLATE_ASCII_NAME}"; filename*=UTF-8''${encodeURIComponent(TEMPLATE_FILE_NAME)}`,
			'cache-control': 'no-store'
		}
	});
};
