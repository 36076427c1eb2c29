// One socket.io connection per page, opened on first use (the client library
// is loaded lazily). The server authenticates it from the session cookie and
// puts it in the person's own room.
import type { Socket } from 'socket.io-client';

let socket: Promise<Socket> | null = null;

export function personalSocket(): Promise<Socket> {
	socket ??= import('socket.io-client').then(({ io }) => io({ transports: ['websocket', 'polling'] }));
	return socket;
}

/** Listens for one event; returns a function that stops listening. */
export function onSocketEvent<T>(event: string, handler: (payload: T) => void): () => void {
	let stopped = false;
	let off = () => {};
	personalSocket()
		.then((s) => {
			if (stopped) return;
			s.on(event, handler);
			off = () => s.off(event, handler);
		})
		.catch(() => {
			// No socket (blocked network): heartbeats still learn of supersession via 409.
		});
	return () => {
		stopped = true;
		off();
	};
}
