// POST /api/playbacks/<id>/heartbeats: answered only after the group-commit
// batch holding this heartbeat has committed (see $lib/server/progress/commit).
import type { RequestHandler } from './$types';
import { guard } from '$lib/server/auth';
import { checkHeartbeat, isUuid, submitHeartbeat } from '$lib/server/progress';
import { readJson } from '$lib/server/progress/body';
import { fail, ok } from '$lib/server/progress/respond';

export const POST: RequestHandler = async (event) => {
	const user = guard.requireUser(event);
	const body = await readJson(event.request);
	if (!body.ok) return fail(body.status, body.code);
	if (!isUuid(event.params.id)) return fail(404, 'not_found');
	const input = checkHeartbeat(body.value);
	if (!input.ok) return fail(400, input.code);
	let outcome;
	try {
		outcome = await submitHeartbeat({ ...input.value, playbackId: event.params.id.toLowerCase(), userId: user.id });
	} catch (e) {
		// The whole batch rolled back: nothing of this heartbeat was stored; the client retries.
		console.error('heartbeat batch failed', e);
		return fail(503, 'retry');
	}
	if (!outcome.ok) return fail(outcome.status, outcome.code);
	const { credited: _c, replay: _r, ...result } = outcome.result;
	return ok(result);
};
