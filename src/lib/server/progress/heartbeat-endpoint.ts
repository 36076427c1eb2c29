// POST /api/playbacks/<id>/heartbeats, written once for both transports
// (../edge/endpoint.ts): the kit route serves it in `vite dev`, the node:http
// fast path in production. Answered only after the group-commit batch
// holding the heartbeat has committed (see commit.ts); when that commit is
// behind, 503 + Retry-After at once instead (load.ts). Also served over the
// player's socket (../edge/socket.ts, event 'heartbeat:send').
import type { JsonEndpoint } from '../edge/endpoint.ts';
import { reply } from '../edge/errors.ts';
import { errorBody } from './respond.ts';
import { heartbeatLoad, submitHeartbeat } from './service.ts';
import type { HeartbeatItem } from './types.ts';
import { checkHeartbeat, isUuid } from './validate.ts';
import { draining } from '../ops/health.ts';

/** Heartbeats are tiny: 16 KB keeps a forged 10 MB body from costing memory or parse time. */
export const HEARTBEAT_MAX_BYTES = 16 * 1024;

export const heartbeatEndpoint: JsonEndpoint<string> = {
	name: 'heartbeats',
	path: /^\/api\/playbacks\/([^/?#]+)\/heartbeats$/,
	paramName: 'id',
	param: (raw) => (isUuid(raw) ? raw.toLowerCase() : null),
	notFound: (locale) => reply(404, errorBody('not_found', locale)),
	maxBytes: HEARTBEAT_MAX_BYTES,
	// `input.locale` is read only for an error: working it out costs more than a heartbeat's own parsing.
	async handle(input) {
		const { user, param, body } = input;
		if (!body.ok) return reply(body.status, errorBody(body.code, input.locale));
		const checked = checkHeartbeat(body.value);
		if (!checked.ok) return reply(400, errorBody(checked.code, input.locale));
		// Behind: answered at once, never acknowledged (nothing was stored; the device keeps it).
		// Shutting down: nothing new joins a batch (the device sends it again, to another instance).
		if (draining()) return reply(503, errorBody('retry', input.locale), 1);
		const load = heartbeatLoad();
		const wait = load.shed();
		if (wait !== null) return reply(503, errorBody('busy', input.locale), wait);
		let outcome;
		try {
			const item = checked.value as HeartbeatItem;
			item.playbackId = param;
			item.userId = user.id;
			outcome = await submitHeartbeat(item);
		} catch (e) {
			// The whole batch rolled back: nothing of this heartbeat was stored; the client retries.
			console.error('heartbeat batch failed', e);
			return reply(503, errorBody('retry', input.locale));
		}
		if (!outcome.ok) return reply(outcome.status, errorBody(outcome.code, input.locale));
		const { credited: _c, replay: _r, ...result } = outcome.result;
		// Server-paced: when to send the next one (load.ts).
		return reply(200, { ...result, nextMs: load.nextMs() });
	}
};
