import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { endSession } from '$lib/server/live/end';
import { attempt, requireManaged } from '../../live.server';

export const load: PageServerLoad = async (event) => {
	const { session } = await requireManaged(event);
	const { streamKey: _, ...shown } = session;
	return { session: shown };
};

export const actions: Actions = {
	end: async (event) => {
		const { user, session } = await requireManaged(event);
		const result = await attempt({}, () => endSession(db(), user, session.id));
		if (!result.ok) return result.failure;
		return { ended: true };
	}
};
