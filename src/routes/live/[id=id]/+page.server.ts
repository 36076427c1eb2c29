import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages.js';
import { guard } from '$lib/server/auth';
import { db } from '$lib/server/db';
import { roleInSession } from '$lib/server/live/audience';
import { signedLiveUrl } from '$lib/server/live/serve';
import { getSession } from '$lib/server/live/sessions';
import { parseId } from '$lib/api/ids';

export const load: PageServerLoad = async (event) => {
	const user = guard.requireUser(event);
	const id = parseId(event.params.id);
	// Not in the audience: as if it did not exist.
	const role = id === null ? null : await roleInSession(db(), user, id);
	const session = role ? await getSession(db(), id!) : null;
	if (!role || !session) error(404, m.live_err_not_found());
	const { streamKey: _, ...shown } = session;
	return { session: shown, role, hlsUrl: signedLiveUrl(session.id, user.id) };
};
