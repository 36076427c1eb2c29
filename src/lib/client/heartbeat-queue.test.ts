// The device outbox against a real HTTP server (node:http) that answers what
// each test tells it to: order, acknowledgement, drop vs keep, replay.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { Server as SocketServer } from 'socket.io';
import { io as ioClient } from 'socket.io-client';
import { HeartbeatQueue, type HeartbeatSocket } from './heartbeat-queue.svelte';
import { HeartbeatPacer } from './heartbeat-pacing';
import {
	heartbeatKey,
	memoryStore,
	type HeartbeatBody,
	type HeartbeatStore
} from './heartbeat-store';

let server: Server;
let origin = '';
/** What the server received, in order: `${playbackId}:${seq}`. */
let received: string[] = [];
/** Status to answer per key (default 200). */
let answers = new Map<string, number>();
/** Retry-After (s) sent with a 503; nextMs sent with a 200. */
let retryAfter: number | undefined;
let nextMs: number | undefined;

function answer(key: string, seq: number) {
	received.push(key);
	const status = answers.get(key) ?? 200;
	const body =
		status === 200
			? {
					seq,
					creditedSeconds: seq,
					coverage: seq / 10,
					completed: false,
					courseCompleted: false,
					presence: null,
					...(nextMs !== undefined ? { nextMs } : {})
				}
			: { error: status === 409 ? 'superseded' : 'oops', message: 'x' };
	return { status, body, ...(status === 503 && retryAfter !== undefined ? { retryAfter } : {}) };
}

beforeAll(async () => {
	server = createServer((req, res) => {
		let body = '';
		req.on('data', (c) => (body += c));
		req.on('end', () => {
			const playbackId = decodeURIComponent(req.url!.split('/')[3]);
			const { seq } = JSON.parse(body) as HeartbeatBody;
			const a = answer(heartbeatKey(playbackId, seq), seq);
			res.writeHead(a.status, {
				'content-type': 'application/json',
				...(a.retryAfter !== undefined ? { 'retry-after': String(a.retryAfter) } : {})
			});
			res.end(JSON.stringify(a.body));
		});
	});
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
	origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));
beforeEach(() => {
	received = [];
	answers = new Map();
	retryAfter = undefined;
	nextMs = undefined;
});

const body = (seq: number): HeartbeatBody => ({
	seq,
	intervals: [[seq * 10 - 10, seq * 10]],
	position: seq * 10,
	rate: 1,
	event: 'tick',
	sentAt: 0
});
const keys = async (store: HeartbeatStore) => (await store.all()).map((i) => i.key);

describe('HeartbeatQueue', () => {
	it('sends in order and removes each heartbeat only after its 200', async () => {
		const store = memoryStore();
		const acks: number[] = [];
		const q = new HeartbeatQueue(
			{ onAck: (_, a) => acks.push(a.seq) },
			Promise.resolve(store),
			origin
		);
		await q.enqueue('p1', body(1));
		await q.enqueue('p1', body(2));
		await q.flush();
		expect(received).toEqual(['p1:1', 'p1:2']);
		expect(acks).toEqual([1, 2]);
		expect(await keys(store)).toEqual([]);
		expect(q.pending).toBe(0);
		expect(q.status).toBe('saved');
		q.destroy();
	});

	it('keeps a heartbeat on a 5xx, holds back later ones, and sends them in order once the server is back', async () => {
		const store = memoryStore();
		// random 0: the first backoff is 0.5 s
		const q = new HeartbeatQueue(
			{},
			Promise.resolve(store),
			origin,
			null,
			new HeartbeatPacer(() => 0)
		);
		answers.set('p2:1', 503);
		await q.enqueue('p2', body(1));
		await q.enqueue('p2', body(2));
		await q.flush();
		expect(received.every((k) => k === 'p2:1')).toBe(true); // seq 2 never overtakes seq 1
		expect(await keys(store)).toEqual(['p2:1', 'p2:2']);
		expect(q.status).toBe('offline');
		expect(q.pending).toBe(2);
		answers.delete('p2:1');
		received = [];
		await q.flush(); // backing off: not yet
		expect(received).toEqual([]);
		await vi.waitFor(() => expect(received).toEqual(['p2:1', 'p2:2']), { timeout: 3000 });
		await vi.waitFor(async () => expect(await keys(store)).toEqual([]));
		q.destroy();
	});

	it('on 503 + Retry-After keeps everything, sends nothing before Retry-After × 0.5, slows to that pace', async () => {
		const store = memoryStore();
		const q = new HeartbeatQueue(
			{},
			Promise.resolve(store),
			origin,
			null,
			new HeartbeatPacer(() => 0)
		);
		answers.set('p5:1', 503);
		retryAfter = 2;
		await q.enqueue('p5', body(1));
		const shedAt = Date.now();
		expect(q.intervalMs).toBe(10_000); // 2 s is below the floor of 10 s
		answers.delete('p5:1');
		await q.enqueue('p5', body(2)); // a new heartbeat does not jump the wait
		expect(received).toEqual(['p5:1']);
		expect(await keys(store)).toEqual(['p5:1', 'p5:2']);
		await vi.waitFor(() => expect(received).toEqual(['p5:1', 'p5:1', 'p5:2']), { timeout: 4000 });
		expect(Date.now() - shedAt).toBeGreaterThanOrEqual(990);
		await vi.waitFor(async () => expect(await keys(store)).toEqual([]));
		q.destroy();
	});

	it('takes the pace from the ack (nextMs), within 10–60 s', async () => {
		const q = new HeartbeatQueue({}, Promise.resolve(memoryStore()), origin);
		nextMs = 35_000;
		await q.enqueue('p6', body(1));
		expect(q.intervalMs).toBe(35_000);
		nextMs = 600_000;
		await q.enqueue('p6', body(2));
		expect(q.intervalMs).toBe(60_000);
		q.destroy();
	});

	it('drops a heartbeat the server refuses for good (409 superseded) and says so', async () => {
		const store = memoryStore();
		const rejected: [string, number, string | null][] = [];
		const q = new HeartbeatQueue(
			{ onRejected: (...a) => rejected.push(a) },
			Promise.resolve(store),
			origin
		);
		answers.set('p3:1', 409);
		await q.enqueue('p3', body(1));
		await q.flush();
		expect(rejected).toEqual([['p3', 409, 'superseded']]);
		expect(await keys(store)).toEqual([]);
		q.destroy();
	});

	it('replays what an earlier page left in the store, with the original playback ids and seqs', async () => {
		const store = memoryStore();
		await store.put({ key: 'old:2', playbackId: 'old', seq: 2, queuedAt: 1, body: body(2) });
		await store.put({ key: 'old:1', playbackId: 'old', seq: 1, queuedAt: 2, body: body(1) });
		await store.put({ key: 'older:7', playbackId: 'older', seq: 7, queuedAt: 0, body: body(7) });
		const q = new HeartbeatQueue({}, Promise.resolve(store), origin);
		await q.restore();
		expect(received).toEqual(['older:7', 'old:1', 'old:2']);
		expect(await keys(store)).toEqual([]);
		q.destroy();
	});

	it('sends over a connected socket (a real socket.io server), over HTTP while it is down, and spreads replays after a reconnect', async () => {
		const http = createServer();
		const io = new SocketServer(http);
		const viaSocket: string[] = [];
		io.on('connection', (s) =>
			s.on('heartbeat:send', (pid: string, text: string, ack: (a: unknown) => void) => {
				const { seq } = JSON.parse(text) as HeartbeatBody;
				viaSocket.push(heartbeatKey(pid, seq));
				ack(answer(heartbeatKey(pid, seq), seq));
			})
		);
		await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
		const client = ioClient(`http://127.0.0.1:${(http.address() as AddressInfo).port}`, {
			transports: ['websocket'],
			reconnectionDelay: 50,
			reconnectionDelayMax: 50
		});
		await new Promise<void>((r) => client.once('connect', () => r()));
		const socket: HeartbeatSocket = {
			send: (pid, text) =>
				client.connected ? client.timeout(2000).emitWithAck('heartbeat:send', pid, text) : null,
			onConnect: (fn) => {
				client.on('connect', fn);
				return () => client.off('connect', fn);
			}
		};
		const store = memoryStore();
		// random 0.1: a replay waits 10 % of the 10 s interval
		const q = new HeartbeatQueue(
			{},
			Promise.resolve(store),
			origin,
			socket,
			new HeartbeatPacer(() => 0.1)
		);
		await q.enqueue('p7', body(1));
		expect(viaSocket).toEqual(['p7:1']);
		// The server drops the socket: HTTP carries the next one.
		io.disconnectSockets();
		await new Promise((r) => client.once('disconnect', r));
		await q.enqueue('p7', body(2));
		expect(received).toEqual(['p7:1', 'p7:2']);
		expect(viaSocket).toEqual(['p7:1']);
		// While down and unreachable, a heartbeat stays; after the reconnect it waits ~1 s, then goes by socket.
		const refused = answers.set('p7:3', 503);
		await q.enqueue('p7', body(3));
		refused.delete('p7:3');
		client.connect(); // a server-side disconnect is not retried by socket.io itself
		await new Promise<void>((r) => client.once('connect', () => r()));
		const back = Date.now();
		await vi.waitFor(() => expect(viaSocket).toEqual(['p7:1', 'p7:3']), { timeout: 4000 });
		expect(Date.now() - back).toBeGreaterThanOrEqual(900);
		expect(await keys(store)).toEqual([]);
		q.destroy();
		client.close();
		await new Promise((r) => io.close(r));
	});
});
