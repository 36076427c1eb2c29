// The live room on socket.io's default namespace. Registered once per io
// server by attachRealtime (src/lib/server/realtime); tests and the benchmark
// register it on their own servers with their own database.
//
// The events, their payloads and acks (each { ok: true, … } or { error,
// message }): src/lib/api/socket-events.ts; the rooms: src/lib/api/socket-rooms.ts.
import type { Db } from '../../db/index.ts';
import type { AppServer } from '../../realtime/types.ts';
import type { RoomDeps } from './context.ts';
import { registerInteraction } from './interact.ts';
import { registerLecturer } from './lecturer.ts';
import { registerMembership } from './membership.ts';
import { FloodGauge } from './rate-limit.ts';
import { SessionInfoCache } from './session-info.ts';
import { RoomState } from './state.ts';

/** Events per second past which a socket is disconnected as abusive. */
export const FLOOD_PER_SECOND = 50;

export function registerLiveRoom(io: AppServer, sql: () => Db): { stop(): void } {
	const deps: RoomDeps = { io, sql, info: new SessionInfoCache(sql) };
	const state = new RoomState(deps);
	io.on('connection', (socket) => {
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
