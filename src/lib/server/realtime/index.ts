// socket.io handlers. Hooks do not run for socket connections, so every
// socket is authenticated through the request edge (socket-auth.ts).
import type { Server } from 'socket.io';
// Relative imports: benchmarks load this module with tsx (no $lib alias there).
import { rooms } from '../../api/socket-rooms.ts';
import { socketAuthenticator } from './socket-auth.ts';
import { db, type Db } from '../db/index.ts';
import { registerLiveRoom } from '../live/room/index.ts';
import type { AppServer, AppSocket, SocketData } from './types.ts';

export type { AppServer, AppSocket, SocketData };

let attached: AppServer | undefined;

/** `sql`: the app's database by default; tests and benchmarks pass their own. */
export function attachRealtime(untyped: Server, sql: () => Db = db) {
	// server/socket.js (plain JS) creates the server; the wire contract applies from here on.
	const io = untyped as unknown as AppServer;
	if (attached === io) return;
	attached = io;
	io.use(socketAuthenticator(sql));
	io.on('connection', (socket: AppSocket) => {
		// A personal room: server-side code can reach one person's devices.
		socket.join(rooms.user(socket.data.user.id));
		// Connection-state recovery needs an offset, and a socket only gets one
		// with a broadcast it received: give every fresh socket one at once.
		if (!socket.recovered) io.to(socket.id).emit('realtime:hello');
	});
	// Live rooms: chat, Q&A, polls, check-ins, presence (src/lib/server/live/room).
	const live = registerLiveRoom(io, sql);
	io.httpServer?.once('close', () => live.stop());
}

/** A worker's emit-only server (no sockets of its own; Redis carries its events to the web instances). */
export function useRealtimeEmitter(io: Server) {
	attached = io as unknown as AppServer;
}

/** The attached server, for domain code that pushes events (job progress, supersession). */
export function realtime(): AppServer | undefined {
	return attached;
}
