// One socket.io connection per page, opened on first use (the client library
// is loaded lazily). The server authenticates it from the session cookie and
// puts it in the person's own room. Typed by the wire contract, so a wrong
// event name or payload fails svelte-check.
import type { Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '$lib/api/socket-events';
import type { HeartbeatSocket } from './heartbeat-queue.svelte';

export type PageSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

let socket: Promise<PageSocket> | null = null;

export function personalSocket(): Promise<PageSocket> {
	socket ??= import('socket.io-client').then(({ io }): PageSocket =>
		io({ transports: ['websocket', 'polling'] })
	);
	return socket;
}

/** Runs `use` once the page's socket is there; returns a function that undoes it (and cancels a pending start). */
function withSocket(use: (s: PageSocket) => () => void): () => void {
	let stopped = false;
	let off = () => {};
	personalSocket()
		.then((s) => {
			if (!stopped) off = use(s);
		})
		.catch(() => {
			// No socket (blocked network): callers keep their HTTP fallbacks (polls, 409s).
		});
	return () => {
		stopped = true;
		off();
	};
}

/** Listens for one server event; returns a function that stops listening. */
export function onSocketEvent<E extends keyof ServerToClientEvents>(
	event: E,
	handler: ServerToClientEvents[E]
): () => void {
	return withSocket((s) => {
		// socket.io's listener types do not narrow over a generic event name.
		s.on(event, handler as never);
		return () => s.off(event, handler as never);
	});
}

/** Calls `handler` now if the socket is connected and after every (re)connection: events may have been missed meanwhile. */
export function onSocketConnect(handler: () => void): () => void {
	return withSocket((s) => {
		s.on('connect', handler);
		if (s.connected) handler();
		return () => s.off('connect', handler);
	});
}

/** The page's socket for the heartbeat outbox (heartbeat-queue.svelte.ts): sends only while connected, else the outbox uses HTTP. */
export function heartbeatSocket(timeoutMs = 15_000): HeartbeatSocket {
	let current: PageSocket | null = null;
	personalSocket()
		.then((s) => (current = s))
		.catch(() => {});
	return {
		send: (playbackId, body) =>
			current?.connected
				? current.timeout(timeoutMs).emitWithAck('heartbeat:send', playbackId, body)
				: null,
		// Not the first connection: the outbox flushes on its own then; only a reconnection means missed sends.
		onConnect: (fn) => {
			let first = true;
			return onSocketConnect(() => {
				if (!first) fn();
				first = false;
			});
		}
	};
}
