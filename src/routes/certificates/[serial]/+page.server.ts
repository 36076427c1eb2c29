// Public: anyone holding a certificate's URL (or its QR code) can see
// whether it is genuine. No sign-in; nothing but the certified facts shown.
import type { PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { verifyCertificate } from '$lib/server/classes/certificates';

export const load: PageServerLoad = async (event) => {
	const serial = event.params.serial.slice(0, 60);
	const signature = (event.url.searchParams.get('s') ?? '').slice(0, 100);
	const out = await verifyCertificate(db(), serial, signature);
	event.setHeaders({ 'cache-control': 'no-store' });
	return {
		serial,
		result: out.valid ? { valid: true as const, cert: out.cert } : { valid: false as const }
	};
};
