// The session's status for a page whose socket is down (the room's
// live:status event is the normal way to learn it).
import { error, json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { m } from '$lib/paraglide/messages.js';
import { guard } from '$lib/server/auth';
import { db } from '$lib/server/db';
import { roleInSession } from '$lib/server/live/audience';
import { getSession } from '$lib/server/live/sessions';
import { parseId } from '$lib/api/ids';
import { signalFrom } from '$lib/api/live-signal';

export const GET: RequestHandler = async (event) => {
	const user = guard.requireUser(event);
	const id = parseId(event.params.id);
	const role = id === null ? null : await roleInSession(db(), user, id);
	const session = role ? await getSession(db(), id!) : null;
	if (!session) error(404, m.live_err_not_found());
	return json(
		{
			status: session.status,
			replayLessonId: session.replayLessonId,
			replayCourseId: session.replayCourseId,
			signal: signalFrom(session.id, session.mediaSource, session.mediaAgeMs)
		},
		{ headers: { 'cache-control': 'no-store' } }
	);
};
