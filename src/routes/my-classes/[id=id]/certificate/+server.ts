// The trainee's certificate (结业证书) as a PDF carrying its verification URL and QR code.
import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { m } from '$lib/paraglide/messages.js';
import { db } from '$lib/server/db';
import { certificateOf, certificatePdf } from '$lib/server/classes/certificates';
import { requireTrainee } from '../../trainee.server';

export const GET: RequestHandler = async (event) => {
	const { user, cls } = await requireTrainee(event);
	const found = await certificateOf(db(), cls.id, user.id);
	if (!found) error(404, m.classes_certificate_none());
	const c = found.cert;
	const url = `${event.url.origin}${found.path}`;
	const pdf = await certificatePdf(c, url, {
		heading: m.classes_cert_heading(),
		body: m.classes_cert_body({
			name: c.holderName,
			no: c.employeeNo,
			from: c.startsOn,
			to: c.endsOn,
			title: c.classTitle,
			hours: c.hours.toFixed(2)
		}),
		serial: m.classes_cert_serial(),
		verify: m.classes_cert_verify()
	});
	return new Response(new Uint8Array(pdf), {
		headers: {
			'content-type': 'application/pdf',
			'content-disposition': `attachment; filename="${c.serial}.pdf"; filename*=UTF-8''${encodeURIComponent(`${m.classes_cert_heading()}-${c.serial}.pdf`)}`,
			'cache-control': 'private, no-store'
		}
	});
};
