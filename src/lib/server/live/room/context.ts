// The plumbing every room event shares: payload → session → membership →
// role → status checks, then the handler, then exactly one ack
// ({ ok: true, … } or { error, message }). Unexpected failures are logged and
// answered 'server_error' (nothing half-done: each handler writes in one statement or transaction).
import type { RoomEvent, RoomEventResult } from '../../../api/socket-events.ts';
import type { Db } from '../../db/index.ts';
import type { SessionUser } from '../../auth/types.ts';
import type { AppServer, AppSocket, Membership } from '../../realtime/types.ts';
import { requestLocale } from '../../edge/locale.ts';
import { RoomError, roomErrorMessage, type Locale } from './errors.ts';
import {
	acceptsChat,
	acceptsInteraction,
	type SessionInfo,
	type SessionInfoCache
} from './session-info.ts';
import * as v from './validate.ts';

export type { Membership };
export type LiveSocket = AppSocket;

export interface EventContext {
	socket: LiveSocket;
	user: SessionUser;
	p: Record<string, unknown>;
	sessionId: number;
	member: Membership;
	info: SessionInfo;
}

export type When = 'any' | 'chat' | 'live';

export interface RoomDeps {
	io: AppServer;
	sql: () => Db;
	info: SessionInfoCache;
}

/** The language of the socket's page, by the edge's rule (cookie → Accept-Language → zh-CN). */
export function localeOf(socket: LiveSocket): Locale {
	return requestLocale(socket.handshake.headers);
}

export function replyError(
	socket: LiveSocket,
	ack: (r: unknown) => void,
	e: unknown,
	event: string
): void {
	if (e instanceof RoomError) {
		ack({ error: e.code, message: roomErrorMessage(e.code, e.params, localeOf(socket)) });
		return;
	}
	console.error(`live room ${event}:`, e);
	ack({ error: 'server_error', message: roomErrorMessage('server_error', {}, localeOf(socket)) });
}

export function ackOf(raw: unknown): (r: unknown) => void {
	return typeof raw === 'function' ? (raw as (r: unknown) => void) : () => {};
}

/** Registers a room event with the shared checks. */
export function onRoomEvent<E extends RoomEvent>(
	deps: RoomDeps,
	socket: LiveSocket,
	event: E,
	spec: { lecturer?: boolean; when: When },
	handler: (ctx: EventContext) => Promise<RoomEventResult<E>>
): void {
	// The listener takes what arrives as untrusted (validated below), which
	// TypeScript cannot match to one event's signature inside this generic.
	const listener = async (payload: unknown, rawAck: unknown) => {
		const ack = ackOf(rawAck);
		try {
			const p = v.object(payload);
			const sessionId = v.id(p.sessionId);
			const member = socket.data.live?.[sessionId];
			if (!member) throw new RoomError('not_joined');
			if (spec.lecturer && member.role !== 'lecturer') throw new RoomError('forbidden');
			const open = (i: SessionInfo) =>
				spec.when === 'any' ||
				(spec.when === 'chat' ? acceptsChat(i.status) : acceptsInteraction(i.status));
			let info = await deps.info.get(sessionId);
			// The cached status may be a moment old (the session just went live): look again before refusing.
			if (info && !open(info)) info = await deps.info.get(sessionId, true);
			if (!info) throw new RoomError('not_found');
			if (!open(info)) throw new RoomError('not_open');
			const out = await handler({ socket, user: socket.data.user, p, sessionId, member, info });
			ack({ ok: true, ...out });
		} catch (e) {
			replyError(socket, ack, e, event);
		}
	};
	socket.on(event, listener as never);
}
