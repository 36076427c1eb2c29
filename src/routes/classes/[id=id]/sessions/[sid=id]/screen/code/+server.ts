// The room screen's current code, polled as it rotates.
import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { db } from '$lib/server/db';
import { screenPayload } from '$lib/server/classes/screen';
import { requireManagedSession } from '../../../../session.server';

export const GET: RequestHandler = async (event) => {
	const { cls, session } = await requireManagedSession(event);
	const payload = await screenPayload(db(), cls.id, session.id, event.url.origin);
	return json(payload, { headers: { 'cache-control': 'no-store' } });
};
