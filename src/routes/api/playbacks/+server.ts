// POST /api/playbacks { lessonId, deviceId } → 201 the new playback (supersedes the person's others).
import type { RequestHandler } from './$types';
import { guard } from '$lib/server/auth';
import { db } from '$lib/server/db';
import { checkStart, startPlayback } from '$lib/server/progress';
import * as edge from '$lib/server/edge';
import { HEARTBEAT_MAX_BYTES } from '$lib/server/progress/heartbeat-endpoint';
import { fail, ok } from '$lib/server/progress/respond';
import { rooms } from '$lib/api/socket-rooms';
import { realtime } from '$lib/server/realtime';

export const POST: RequestHandler = async (event) => {
	const user = guard.requireUser(event);
	const body = await edge.readJsonRequest(event.request, HEARTBEAT_MAX_BYTES);
	if (!body.ok) return fail(body.status, body.code);
	const input = checkStart(body.value);
	if (!input.ok) return fail(400, input.code);
	const started = await startPlayback(db(), user, input.value);
	if (!started.ok) return fail(started.status, started.code);
	// After the commit: the older players stop and say why.
	for (const playbackId of started.superseded) {
		realtime()?.to(rooms.user(user.id)).emit('playback:superseded', { playbackId });
	}
	return ok(started.playback, 201);
};
