// A real socket.io server with the app's realtime handlers (cookie auth,
// personal rooms, live rooms) on a test schema, and real clients.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type postgres from 'postgres';
import type { Server } from 'socket.io';
import { io as ioClient, type Socket } from 'socket.io-client';
import { createSocketServer } from '../../server/socket.js';
import { attachRealtime } from '../../src/lib/server/realtime';
import { LiveRoom } from '../../src/lib/client/live-room.svelte';

export interface RoomServer {
	port: number;
	io: Server;
	close(): Promise<void>;
}

export async function startRoomServer(
	sql: postgres.Sql,
	o: { port?: number; redisUrl?: string; streamName?: string } = {}
): Promise<RoomServer> {
	const server = http.createServer();
	const io = await createSocketServer(server, {
		redisUrl: o.redisUrl ?? '',
		streamName: o.streamName
	});
	attachRealtime(io, () => sql);
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(o.port ?? 0, '127.0.0.1', () => resolve());
	});
	const port = (server.address() as AddressInfo).port;
	return {
		port,
		io,
		close: () =>
			new Promise<void>((resolve) => {
				io.close(() => resolve());
				server.closeAllConnections?.();
			})
	};
}

export function clientSocket(port: number, cookie: string): Socket {
	return ioClient(`http://127.0.0.1:${port}`, {
		transports: ['websocket'],
		extraHeaders: { cookie },
		reconnectionDelay: 100,
		reconnectionDelayMax: 400,
		randomizationFactor: 0
	});
}

/** The browser's room class, driven over a real socket. */
export async function roomClient(port: number, cookie: string, sessionId: number) {
	const socket = clientSocket(port, cookie);
	const room = new LiveRoom(sessionId, async () => socket);
	await room.start();
	await until(() => room.joined || room.joinError !== null);
	return { room, socket, close: () => (room.stop(), socket.close()) };
}

export async function until(
	check: () => boolean,
	timeoutMs = 8000,
	what = 'condition'
): Promise<void> {
	const start = Date.now();
	while (!check()) {
		if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
		await new Promise((r) => setTimeout(r, 20));
	}
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read many ack shapes (ok, error, payload fields)
export async function ack(socket: Socket, event: string, payload: unknown): Promise<any> {
	return socket.timeout(5000).emitWithAck(event, payload);
}
