// Compile-time checks of the wire contract, run by svelte-check (nothing
// imports this file): each @ts-expect-error fails the check if the mistake
// under it ever type-checks.
import type { Server } from 'socket.io';
import type { Socket } from 'socket.io-client';
import type {
	ClientToServerEvents,
	InterServerEvents,
	ServerToClientEvents
} from './socket-events.ts';

export function serverSide(
	io: Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents>
): void {
	io.to('r').emit('live:viewers', { sessionId: 1, count: 2 });
	// @ts-expect-error an event the browser does not listen for
	io.to('r').emit('live:viewer', { sessionId: 1, count: 2 });
	// @ts-expect-error a payload of the wrong shape
	io.to('r').emit('live:viewers', { sessionId: 1, viewers: 2 });
	// @ts-expect-error a status that does not exist
	io.to('r').emit('live:status', { sessionId: 1, status: 'paused' });
}

export async function browserSide(
	s: Socket<ServerToClientEvents, ClientToServerEvents>
): Promise<void> {
	s.on('live:chat:batch', ({ messages }) => messages.map((m) => m.body));
	// @ts-expect-error the server sends no such event
	s.on('live:chat', () => {});
	// @ts-expect-error the batch carries messages, not a message
	s.on('live:chat:batch', ({ message }) => message);
	const r = await s.emitWithAck('live:chat:send', { sessionId: 1, body: 'hi' });
	if ('ok' in r) r.message.body.trim();
	// @ts-expect-error the body is a string
	await s.emitWithAck('live:chat:send', { sessionId: 1, body: 1 });
	// @ts-expect-error every room event names its session
	await s.emitWithAck('live:hand', { raised: true });
}
