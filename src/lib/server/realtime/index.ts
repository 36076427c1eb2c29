// socket.io handlers. Hooks do not run for socket connections, so every
// socket is authenticated through the request edge (socket-auth.ts).
import type { Server, Socket } from 'socket.io';
// Relative imports: benchmarks load this module with tsx (no $lib alias there).
import { socketAuthenticator, type AuthenticatedData } from './socket-auth.ts';
import { db, type Db } from '../db/index.ts';
import { registerLiveRoom } from '../live/room/index.ts';

export type SocketData = AuthenticatedData;

let attached: Server | undefined;

/** `sql`: the app's database by default; tests and benchmarks pass their own. */
export function attachRealtime(io: Server, sql: () => Db = db) {
	if (attached === io) return;
	attached = io;
	io.use(socketAuthenticator(sql));
	io.on('connection', (socket: Socket<never, never, never, SocketData>) => {
		// A personal room: server-side code can reach one person's devices.
		socket.join(`user:${socket.data.user.id}`);
		// Connection-state recovery needs an offset, and a socket only gets one
		// with a broadcast it received: give every fresh socket one at once.
		if (!socket.recovered) io.to(socket.id).emit('realtime:hello');
	});
	// Live rooms: chat, Q&A, polls, check-ins, presence (src/lib/server/live/room).
	const live = registerLiveRoom(io, sql);
	io.httpServer?.once('close', () => live.stop());
}

/** The attached server, for domain code that pushes events (job progress, supersession). */
export function realtime(): Server | undefined {
	return attached;
}
