// Clients for the cluster tests and bench: HTTP on a keep-alive agent (to
// nginx, or straight to one instance as nginx would forward it), and live
// rooms over socket.io websockets (the browser's LiveRoom class).
import http from 'node:http';
import { io as ioClient, type Socket } from 'socket.io-client';
import { LiveRoom } from '../../src/lib/client/live-room.svelte';
import { until } from '../integration/live-server';

export { until };

const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

export interface Reply {
	status: number;
	body: string;
	headers: http.IncomingHttpHeaders;
}

export interface RequestOptions {
	method?: string;
	body?: string;
	/** application/json unless given */
	contentType?: string;
	cookie?: string;
	headers?: Record<string, string>;
	timeoutMs?: number;
}

/**
 * One request to 127.0.0.1:port. Straight to an instance (not through nginx),
 * pass `forwardedFor`: the instances read the client's address from
 * X-Forwarded-For (ADDRESS_HEADER), as nginx sets it.
 */
export function request(port: number, path: string, o: RequestOptions = {}): Promise<Reply> {
	return new Promise((resolve, reject) => {
		const req = http.request(
			{
				host: '127.0.0.1',
				port,
				method: o.method ?? (o.body === undefined ? 'GET' : 'POST'),
				path,
				agent,
				timeout: o.timeoutMs ?? 10_000,
				headers: {
					...(o.body !== undefined
						? {
								'content-type': o.contentType ?? 'application/json',
								'content-length': Buffer.byteLength(o.body)
							}
						: {}),
					...(o.cookie ? { cookie: o.cookie } : {}),
					...o.headers
				}
			},
			(res) => {
				const chunks: Buffer[] = [];
				res.on('data', (c) => chunks.push(c));
				res.on('end', () =>
					resolve({
						status: res.statusCode ?? 0,
						body: Buffer.concat(chunks).toString('latin1'),
						headers: res.headers
					})
				);
				res.on('error', reject);
			}
		);
		req.on('timeout', () => req.destroy(new Error('timeout')));
		req.on('error', reject);
		req.end(o.body);
	});
}

/** The headers nginx would add, for a request sent straight to an instance. */
export const forwarded = (clientIp: string) => ({
	'x-forwarded-for': clientIp,
	'x-forwarded-proto': 'http'
});

export function socketTo(port: number, cookie: string, clientIp = '127.0.0.1'): Socket {
	return ioClient(`http://127.0.0.1:${port}`, {
		transports: ['websocket'],
		extraHeaders: { cookie, ...forwarded(clientIp) },
		reconnectionDelay: 100,
		reconnectionDelayMax: 500,
		randomizationFactor: 0.5
	});
}

export interface RoomClient {
	room: LiveRoom;
	socket: Socket;
	/** every message id each live:chat:batch broadcast carried, in order (history on join not included) */
	broadcastIds: number[];
	close(): void;
}

export async function roomClient(
	port: number,
	cookie: string,
	sessionId: number
): Promise<RoomClient> {
	const socket = socketTo(port, cookie);
	const broadcastIds: number[] = [];
	socket.on('live:chat:batch', ({ messages }: { messages: { id: number }[] }) =>
		broadcastIds.push(...messages.map((m) => m.id))
	);
	const room = new LiveRoom(sessionId, async () => socket);
	await room.start();
	await until(() => room.joined || room.joinError !== null, 10_000, 'joined the live room');
	if (room.joinError) throw new Error(`join: ${room.joinError}`);
	return { room, socket, broadcastIds, close: () => (room.stop(), socket.close()) };
}
