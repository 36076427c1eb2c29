// POST /api/playbacks/<id>/heartbeats, written once for both transports
// (../edge/endpoint.ts): the kit route serves it in `vite dev`, the node:http
// fast path in production. Answered only after the group-commit batch
// holding the heartbeat has committed (see commit.ts).
import type { JsonEndpoint } from '../edge/endpoint.ts';
import { reply } from '../edge/errors.ts';
import { errorBody } from './respond.ts';
import { submitHeartbeat } from './service.ts';
import type { HeartbeatItem } from './types.ts';
import { checkHeartbeat, isUuid } from './validate.ts';

/** Heartbeats are tiny: 16 KB keeps a forged 10 MB body from costing memory or parse time. */
export const HEARTBEAT_MAX_BYTES = 16 * 1024;

export const heartbeatEndpoint: JsonEndpoint<string> = {
	name: 'heartbeats',
	path: /^\/api\/playbacks\/([^/?#]+)\/heartbeats$/,
	paramName: 'id',
	param: (raw) => (isUuid(raw) ? raw.toLowerCase() : null),
	notFound: (locale) => reply(404, errorBody('not_found', locale)),
	maxBytes: HEARTBEAT_MAX_BYTES,
	async handle({ user, param, body, locale }) {
		if (!body.ok) return reply(body.status, errorBody(body.code, locale));
		const input = checkHeartbeat(body.value);
		if (!input.ok) return reply(400, errorBody(input.code, locale));
		let outcome;
		try {
			const item = input.value as HeartbeatItem;
			item.playbackId = param;
			item.userId = user.id;
			outcome = await submitHeartbeat(item);
		} catch (e) {
			// The whole batch rolled back: nothing of this heartbeat was stored; the client retries.
			console.error('heartbeat batch failed', e);
			return reply(503, errorBody('retry', locale));
		}
		if (!outcome.ok) return reply(outcome.status, errorBody(outcome.code, locale));
		const { credited: _c, replay: _r, ...result } = outcome.result;
		return reply(200, result);
	}
};
