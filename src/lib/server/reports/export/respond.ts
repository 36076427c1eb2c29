// Streams an xlsx straight into the HTTP response as exceljs writes it.
import { PassThrough, Readable } from 'node:stream';
import { attachment, XLSX_TYPE } from './xlsx.ts';

export function xlsxResponse(
	filename: string,
	write: (out: PassThrough) => Promise<unknown>
): Response {
	const out = new PassThrough();
	write(out).catch((e) => {
		console.error('export:', e);
		out.destroy(e as Error);
	});
	return new Response(Readable.toWeb(out) as ReadableStream, {
		headers: {
			'content-type': XLSX_TYPE,
			'content-disposition': attachment(filename),
			'cache-control': 'no-store'
		}
	});
}

/** A file name safe on every OS (Chinese kept). */
export function safeFilename(...parts: string[]): string {
	return `${parts
		.filter(Boolean)
		.join('-')
		// eslint-disable-next-line no-control-regex -- control characters are not allowed in file names
		.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_')
		.slice(0, 120)}.xlsx`;
}
