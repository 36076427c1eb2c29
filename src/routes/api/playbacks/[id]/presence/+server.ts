// POST /api/playbacks/<id>/presence { checkId } → 200 { presence: next check }.
import type { RequestHandler } from './$types';
import { guard } from '$lib/server/auth';
import { db } from '$lib/server/db';
import { answerPresence, checkPresence, isUuid } from '$lib/server/progress';
import * as edge from '$lib/server/edge';
import { HEARTBEAT_MAX_BYTES } from '$lib/server/progress/heartbeat-endpoint';
import { fail, ok } from '$lib/server/progress/respond';

export const POST: RequestHandler = async (event) => {
	const user = guard.requireUser(event);
	const body = await edge.readJsonRequest(event.request, HEARTBEAT_MAX_BYTES);
	if (!body.ok) return fail(body.status, body.code);
	if (!isUuid(event.params.id)) return fail(404, 'not_found');
	const input = checkPresence(body.value);
	if (!input.ok) return fail(400, input.code);
	const answered = await answerPresence(
		db(),
		user.id,
		event.params.id.toLowerCase(),
		input.value.checkId.toLowerCase()
	);
	if (!answered.ok) return fail(answered.status, answered.code);
	return ok({ presence: answered.presence });
};
