// The device outbox against a real HTTP server (node:http) that answers what
// each test tells it to: order, acknowledgement, drop vs keep, replay.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { HeartbeatQueue } from './heartbeat-queue.svelte';
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

beforeAll(async () => {
	server = createServer((req, res) => {
		let body = '';
		req.on('data', (c) => (body += c));
		req.on('end', () => {
			const playbackId = decodeURIComponent(req.url!.split('/')[3]);
			const { seq } = JSON.parse(body) as HeartbeatBody;
			const key = heartbeatKey(playbackId, seq);
			received.push(key);
			const status = answers.get(key) ?? 200;
			res.writeHead(status, { 'content-type': 'application/json' });
			res.end(
				JSON.stringify(
					status === 200
						? {
								seq,
								creditedSeconds: seq,
								coverage: seq / 10,
								completed: false,
								courseCompleted: false,
								presence: null
							}
						: { error: status === 409 ? 'superseded' : 'oops', message: 'x' }
				)
			);
		});
	});
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
	origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));
beforeEach(() => {
	received = [];
	answers = new Map();
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
		const q = new HeartbeatQueue({}, Promise.resolve(store), origin);
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
		await q.flush();
		expect(received).toEqual(['p2:1', 'p2:2']);
		expect(await keys(store)).toEqual([]);
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
});
