import type { PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { screenPayload } from '$lib/server/classes/screen';
import { requireManagedSession } from '../../../session.server';

export const load: PageServerLoad = async (event) => {
	const { cls, session } = await requireManagedSession(event);
	event.setHeaders({ 'cache-control': 'no-store' });
	return {
		cls: { id: cls.id, title: cls.title },
		session,
		code: await screenPayload(db(), cls.id, session.id, event.url.origin)
	};
};
