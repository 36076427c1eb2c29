// The live room on socket.io's default namespace. Registered once per io
// server by attachRealtime (src/lib/server/realtime); tests and the benchmark
// register it on their own servers with their own database.
//
// Client events (each acked { ok: true, … } or { error, message }):
//   live:join {sessionId} → { role, userId, history }      live:leave {sessionId}
//   live:watching {sessionId}                               (every 60 s from a visible page)
//   live:chat:send {sessionId, body}                        live:chat:delete {sessionId, messageId}*
//   live:mute {sessionId, userId, muted}*                   live:question:ask {sessionId, body}
//   live:question:upvote {sessionId, questionId}            live:question:answered {sessionId, questionId}*
//   live:poll:open {sessionId, question, options}*          live:poll:answer {sessionId, pollId, option}
//   live:poll:close {sessionId, pollId}*                    live:checkin:open {sessionId, seconds}*
//   live:checkin:answer {sessionId, checkinId}              live:hand {sessionId, raised}
//   live:hand:lower {sessionId, userId}*                    (* lecturer only)
// Server events: live:chat:batch {sessionId, messages} (chat, batched: see batcher.ts), live:chat:deleted, live:question, live:question:votes,
//   live:question:answered, live:poll (opened or closed), live:poll:results,
//   live:checkin, live:checkin:closed, live:checkin:count*, live:hands*, live:mutes*,
//   live:viewers*, live:self (to the person: muted / handRaised), live:status (l1).
import type { Server } from 'socket.io';
import type { Db } from '../../db/index.ts';
import type { LiveSocket, RoomDeps } from './context.ts';
import { registerInteraction } from './interact.ts';
import { registerLecturer } from './lecturer.ts';
import { registerMembership } from './membership.ts';
import { FloodGauge } from './rate-limit.ts';
import { SessionInfoCache } from './session-info.ts';
import { RoomState } from './state.ts';

/** Events per second past which a socket is disconnected as abusive. */
export const FLOOD_PER_SECOND = 50;

export function registerLiveRoom(io: Server, sql: () => Db): { stop(): void } {
	const deps: RoomDeps = { io, sql, info: new SessionInfoCache(sql) };
	const state = new RoomState(deps);
	io.on('connection', (raw) => {
		const socket = raw as unknown as LiveSocket;
		const gauge = new FloodGauge(FLOOD_PER_SECOND);
		socket.use((_packet, next) => {
			if (gauge.hit()) return next();
			socket.disconnect(true);
		});
		registerMembership(state, socket);
		registerInteraction(state, socket);
		registerLecturer(state, socket);
	});
	return { stop: () => state.stop() };
}
