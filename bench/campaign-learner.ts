// A campaign client process (bench/campaign.ts starts several, at lower
// priority): its share of learners, each with its own session and playback,
// watching honestly and heartbeating the way the browser's outbox does —
// the same pacing code (src/lib/client/heartbeat-pacing.ts): the server's
// nextMs, Retry-After × jitter on 503, backoff on no answer, replays spread
// after a reconnect, every unacknowledged heartbeat kept and sent again in
// order. Learners with a socket send over it while it is connected and
// fall back to HTTP; the others use HTTP (a keep-alive pool). Reports to the
// parent every second; at the end writes every acknowledged (playback, seq).
import { readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { io as ioClient, type Socket } from 'socket.io-client';
import { HeartbeatPacer } from '../src/lib/client/heartbeat-pacing.ts';

export interface Shard {
	port: number;
	out: string;
	/** 127.0.0.x source addresses to spread connections over (ephemeral ports) */
	sources: string[];
	learners: { cookie: string; pid: string; socket: boolean }[];
}

const TIMEOUT_MS = 15_000;

interface L {
	cookie: string;
	pid: string;
	seq: number;
	pos: number;
	last: number;
	outbox: { seq: number; body: string }[];
	pacer: HeartbeatPacer;
	socket?: Socket;
	sending: boolean;
	wake: ReturnType<typeof setTimeout> | null;
	tick: ReturnType<typeof setTimeout> | null;
	source: string;
}

// queuedMs: how long an HTTP request waited in the client's keep-alive pool
// for a connection (a browser has its own; the bench shares 128 per source)
type Answer = {
	status: number;
	body: { nextMs?: number };
	retryAfter?: number;
	queuedMs?: number;
} | null;

export async function runShard(shard: Shard) {
	const stats = { attempts: 0, acks: 0, shed: 0, failed: 0, dropped: 0 };
	// triples: when the answer came (epoch ms), how long it took (ms), of which queued in the pool (ms; -1: over the socket)
	const latencies: number[] = [];
	const acked: string[] = [];
	let producing = true;
	const agents = new Map(
		shard.sources.map((s) => [s, new http.Agent({ keepAlive: true, maxSockets: 128 })])
	);
	const ls: L[] = shard.learners.map((l, i) => ({
		cookie: l.cookie,
		pid: l.pid,
		seq: 0,
		pos: 0,
		last: Date.now(),
		outbox: [],
		pacer: new HeartbeatPacer(),
		sending: false,
		wake: null,
		tick: null,
		source: shard.sources[i % shard.sources.length]
	}));
	const base = `http://127.0.0.1:${shard.port}`;
	// Sockets, as the player opens them (socket.io's own reconnection, jittered).
	await Promise.all(
		ls.map((l, i) => {
			if (!shard.learners[i].socket) return;
			return new Promise<void>((resolve) => {
				const s = ioClient(base, {
					transports: ['websocket'],
					extraHeaders: { cookie: l.cookie },
					localAddress: l.source
				} as never);
				l.socket = s;
				let first = true;
				s.on('connect', () => {
					if (first) {
						first = false;
						return resolve();
					}
					const wait = l.pacer.reconnected(l.outbox.length);
					schedule(l, wait);
				});
				s.on('connect_error', () => first && setTimeout(resolve, 0));
			});
		})
	);

	function post(l: L, body: string): Promise<Answer> {
		return new Promise((resolve) => {
			const asked = performance.now();
			let queuedMs = 0;
			const req = http.request(
				{
					host: '127.0.0.1',
					port: shard.port,
					method: 'POST',
					path: `/api/playbacks/${l.pid}/heartbeats`,
					agent: agents.get(l.source),
					localAddress: l.source,
					timeout: TIMEOUT_MS,
					headers: {
						'content-type': 'application/json',
						'content-length': Buffer.byteLength(body),
						cookie: l.cookie
					}
				},
				(res) => {
					const chunks: Buffer[] = [];
					res.on('data', (c) => chunks.push(c));
					res.on('end', () => {
						let parsed = {};
						try {
							parsed = JSON.parse(Buffer.concat(chunks).toString());
						} catch {
							/* not JSON */
						}
						const after = Number(res.headers['retry-after']);
						resolve({
							status: res.statusCode ?? 0,
							body: parsed,
							retryAfter: Number.isFinite(after) ? after : undefined,
							queuedMs
						});
					});
					res.on('error', () => resolve(null));
				}
			);
			req.on('socket', () => (queuedMs = performance.now() - asked));
			req.on('timeout', () => req.destroy(new Error('timeout')));
			req.on('error', () => resolve(null));
			req.end(body);
		});
	}

	async function send(l: L, body: string): Promise<Answer> {
		if (l.socket?.connected)
			try {
				return (await l.socket
					.timeout(TIMEOUT_MS)
					.emitWithAck('heartbeat:send', l.pid, body)) as Answer;
			} catch {
				return null;
			}
		return post(l, body);
	}

	function schedule(l: L, wait: number) {
		if (l.wake) clearTimeout(l.wake);
		l.wake = setTimeout(() => {
			l.wake = null;
			void flush(l);
		}, wait);
	}

	async function flush(l: L) {
		if (l.sending) return;
		const blocked = l.pacer.blockedFor();
		if (blocked > 0) return schedule(l, blocked);
		l.sending = true;
		try {
			while (l.outbox.length) {
				const item = l.outbox[0];
				stats.attempts++;
				const t0 = performance.now();
				const a = await send(l, item.body);
				if (a) latencies.push(Date.now(), performance.now() - t0, a.queuedMs ?? -1);
				if (a?.status === 200) {
					stats.acks++;
					acked.push(`${l.pid},${item.seq}`);
					l.outbox.shift();
					l.pacer.acked(a.body?.nextMs);
				} else if (a && a.status === 503 && a.retryAfter !== undefined) {
					stats.shed++;
					return schedule(l, l.pacer.shed(a.retryAfter));
				} else if (a && a.status >= 400 && a.status < 500 && a.status !== 401) {
					stats.dropped++;
					l.outbox.shift();
					l.pacer.answered();
				} else {
					stats.failed++;
					return schedule(l, l.pacer.failed());
				}
			}
		} finally {
			l.sending = false;
		}
	}

	function beat(l: L) {
		if (!producing) return;
		const now = Date.now();
		const watched = (now - l.last) / 1000;
		l.seq++;
		l.outbox.push({
			seq: l.seq,
			body: JSON.stringify({
				seq: l.seq,
				intervals: [[l.pos, l.pos + watched]],
				position: l.pos + watched,
				rate: 1,
				event: 'tick'
			})
		});
		l.pos += watched;
		l.last = now;
		void flush(l);
		// The player's tick: at the server's pace, jittered as the player's.
		l.tick = setTimeout(() => beat(l), l.pacer.tickMs());
	}

	return {
		start() {
			// As if the learners had pressed play over the last 10 s.
			for (const l of ls) {
				l.last = Date.now();
				l.tick = setTimeout(() => beat(l), Math.random() * 10_000);
			}
		},
		report: () => ({ ...stats, pending: ls.reduce((n, l) => n + l.outbox.length, 0) }),
		/** Stop producing; resolves once every outbox is empty or `tailMs` passed. */
		async finish(tailMs: number) {
			producing = false;
			for (const l of ls) if (l.tick) clearTimeout(l.tick);
			const end = Date.now() + tailMs;
			while (Date.now() < end && ls.some((l) => l.outbox.length))
				await new Promise((r) => setTimeout(r, 500));
			for (const l of ls) {
				if (l.wake) clearTimeout(l.wake);
				l.socket?.close();
			}
			writeFileSync(shard.out, acked.join('\n'));
			writeFileSync(`${shard.out}.lat`, Buffer.from(Float64Array.from(latencies).buffer));
			return { unsent: ls.reduce((n, l) => n + l.outbox.length, 0) };
		}
	};
}

// As a child process: the shard file in argv, orders over IPC.
if (process.argv.includes('--shard')) {
	const shard = JSON.parse(
		readFileSync(process.argv[process.argv.indexOf('--shard') + 1], 'utf8')
	) as Shard;
	const run = await runShard(shard);
	const timer = setInterval(() => process.send!({ kind: 'report', ...run.report() }), 1000);
	process.send!({ kind: 'ready' });
	process.on('message', async (m: { kind: string; tailMs?: number }) => {
		if (m.kind === 'go') run.start();
		if (m.kind === 'finish') {
			const out = await run.finish(m.tailMs ?? 60_000);
			clearInterval(timer);
			process.send!({ kind: 'done', ...run.report(), unsent: out.unsent });
			setTimeout(() => process.exit(0), 200);
		}
	});
}
