// The socket.io adapter of a JsonEndpoint (endpoint.ts), beside kit.ts and
// node.ts: an event `(raw parameter, JSON text, ack)` on a socket the player
// already has open runs the same steps as an HTTP request — session (the
// edge's policy, looked up again per event: a disabled account is cut off
// although its socket stays open) → parameter → body with the endpoint's cap
// → handle — and the ack carries the same status and body HTTP would give
// (plus retryAfter). The origin was checked at the handshake (socket-auth.ts).
// The ack is sent only when handle resolves: for heartbeats, after commit.
import type { Socket } from 'socket.io';
import type { SocketAnswer } from '../../api/socket-events.ts';
import * as sessionCache from '../auth/session-cache.ts';
import type { Db } from '../db/index.ts';
import { socketToken } from '../realtime/socket-auth.ts';
import { readJsonText } from './body.ts';
import { sessionReply, type JsonEndpoint } from './endpoint.ts';
import { serverError, type Reply } from './errors.ts';
import { requestLocale, type Locale } from './locale.ts';
import { debugging, log } from '../ops/log.js';

const answer = (r: Reply): SocketAnswer =>
	r.retryAfter === undefined
		? { status: r.status, body: r.body }
		: { status: r.status, body: r.body, retryAfter: r.retryAfter };

/** Registers the endpoint as `event` on every socket of the server (call with io.on('connection')). */
export function socketEndpoint<P>(endpoint: JsonEndpoint<P>, event: string, sql: () => Db) {
	return (socket: Socket) => {
		let locale: Locale | undefined;
		const lang = () => (locale ??= requestLocale(socket.handshake.headers));
		const header = (n: string) => {
			const v = socket.handshake.headers[n];
			return Array.isArray(v) ? v[0] : v;
		};
		socket.on(event, (raw: unknown, text: unknown, ack: unknown) => {
			// An event without an ack function has nobody to answer: ignored (as a request without a reply path).
			if (typeof ack !== 'function') return;
			const started = performance.now();
			const reqId = (socket.data as { requestId?: string }).requestId;
			serve(raw, text).then(
				(r) => {
					ack(answer(r));
					if (debugging())
						log().debug(
							{ reqId, event, status: r.status, ms: Math.round(performance.now() - started) },
							'socket event'
						);
				},
				(e) => {
					log().error({ err: e, reqId, event }, `${endpoint.name} socket`);
					ack(answer({ status: 500, body: serverError(lang()) }));
				}
			);
		});

		async function serve(raw: unknown, text: unknown): Promise<Reply> {
			const token = socketToken(socket);
			const found = token ? await sessionCache.validate(sql(), token) : null;
			const refused = sessionReply(found?.user ?? null, lang);
			if (refused) return refused;
			const param = typeof raw === 'string' ? endpoint.param(raw) : null;
			if (param === null) return endpoint.notFound(lang());
			return endpoint.handle({
				user: found!.user,
				param,
				body: readJsonText(text, endpoint.maxBytes),
				header,
				get locale() {
					return lang();
				}
			});
		}
	};
}
