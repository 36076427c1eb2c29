// A ledger entry's scanned certificate, for administrators only.
import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { parseId } from '$lib/api/ids';
import { m } from '$lib/paraglide/messages.js';
import { guard } from '$lib/server/auth';
import { db } from '$lib/server/db';
import { attachmentPathOf, readAttachment } from '$lib/server/ledger';

export const GET: RequestHandler = async (event) => {
	guard.requireRole(event, 'admin');
	const userId = parseId(event.params.id);
	const entryId = parseId(event.params.entryId);
	if (userId === null || entryId === null) error(404, m.ledger_err_not_found());
	const file = await readAttachment(await attachmentPathOf(db(), userId, entryId));
	if (!file) error(404, m.ledger_err_not_found());
	return new Response(new Uint8Array(file.bytes), {
		headers: {
			'content-type': file.type,
			'content-disposition': 'inline',
			'x-content-type-options': 'nosniff',
			'cache-control': 'private, no-store'
		}
	});
};
