// A session of a class the person organises (404 otherwise).
import { error, type RequestEvent } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages.js';
import { db } from '$lib/server/db';
import { sessionOf } from '$lib/server/classes/manage';
import { parseId } from '$lib/api/ids';
import { requireManagedClass } from '../class.server';

export async function requireManagedSession(event: RequestEvent<{ id: string; sid: string }>) {
	const { user, cls } = await requireManagedClass(event);
	const sid = parseId(event.params.sid);
	const session = sid === null ? null : await sessionOf(db(), cls.id, sid);
	if (!session) error(404, m.class_err_not_found());
	return { user, cls, session };
}
