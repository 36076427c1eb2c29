// The socket.io server, created on the app's HTTP server before the SvelteKit
// handler loads; the kit `init` hook registers the handlers on it
// (src/lib/server/realtime). Plain JS: used by server.js and vite.config.ts.
import { Server } from 'socket.io';

/** @param {import('node:http').Server} httpServer */
export function createSocketServer(httpServer) {
	const io = new Server(httpServer, {
		serveClient: false,
		// A phone on a village network drops often: recover missed events.
		connectionStateRecovery: { maxDisconnectionDuration: 2 * 60_000, skipMiddlewares: false }
	});
	/** @type {any} */ (globalThis).__xuefanIo = io;
	return io;
}
