import type { RequestHandler } from './$types';
import {
	attachment,
	bankTemplate,
	TEMPLATE_ASCII_NAME,
	TEMPLATE_FILE_NAME,
	XLSX_TYPE
} from '$lib/server/quiz/bank';
import { requireCourse } from '../../../teach.server';

export const GET: RequestHandler = async (event) => {
	await requireCourse(event);
	return new Response(new Uint8Array(await bankTemplate()), {
		headers: {
			'content-type': XLSX_TYPE,
			'content-disposition': attachment(TEMPLATE_ASCII_NAME, TEMPLATE_FILE_NAME),
			'cache-control': 'no-store'
		}
	});
};
