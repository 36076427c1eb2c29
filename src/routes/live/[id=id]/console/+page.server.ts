import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages.js';
import { db } from '$lib/server/db';
import { endSession } from '$lib/server/live/end';
import { rtmpPort, startRtmp, stopRtmp } from '$lib/server/live/ingest/rtmp';
import { attempt, requireManaged } from '../../live.server';
import { config } from '$lib/server/config.js';

/** What OBS needs: the server URL and the stream key (shown to the session's lecturer and admins only). */
function rtmpInfo(url: URL, sessionId: number, streamKey: string) {
	const port = rtmpPort(sessionId);
	const host = config().rtmpHost ?? url.hostname;
	return port ? { url: `rtmp://${host}:${port}/live`, key: streamKey } : null;
}

export const load: PageServerLoad = async (event) => {
	const { user, session } = await requireManaged(event);
	const { streamKey, ...shown } = session;
	return {
		session: shown,
		rtmp: rtmpInfo(event.url, session.id, streamKey),
		isAdmin: user.roles.includes('admin')
	};
};

export const actions: Actions = {
	end: async (event) => {
		const { user, session } = await requireManaged(event);
		const form = await event.request.formData();
		const replay = {
			target: form.get('replayTarget'),
			publish: form.get('replayPublish'),
			everyone: form.get('replayEveryone')
		};
		const result = await attempt({}, () => endSession(db(), user, session.id, replay));
		if (!result.ok) return result.failure;
		return { ended: true };
	},
	rtmp: async (event) => {
		const { session } = await requireManaged(event);
		if (session.status !== 'scheduled' && session.status !== 'live')
			return fail(400, { error: m.live_err_not_live() });
		const opened = await startRtmp(db(), session.id, session.streamKey);
		if (!opened) return fail(503, { error: m.live_rtmp_unavailable() });
		return { rtmp: true };
	},
	rtmpStop: async (event) => {
		const { session } = await requireManaged(event);
		await stopRtmp(session.id);
		return { rtmp: false };
	}
};
