// The device-side outbox of progress heartbeats. Every heartbeat is written to
// IndexedDB first and removed only after the server's 200 (which it gives once
// the batch is durably committed). Unacknowledged ones are replayed in order,
// with their original playbackId + seq, after a reload, when the browser comes
// back online or the socket reconnects, or on a backoff timer. A 4xx other
// than 401/408/429 will never succeed (superseded playback, bad input): it is
// dropped; 5xx and network failures are kept.
// Sent over the page's socket.io connection while it is up (the ack is the
// same answer HTTP gives), else by HTTP POST. When to send — the server's
// pace, Retry-After on 503, backoff, replays spread after a reconnect — is
// heartbeat-pacing.ts.
import {
	heartbeatKey,
	openHeartbeatStore,
	type HeartbeatBody,
	type HeartbeatStore,
	type StoredHeartbeat
} from './heartbeat-store';
import type { HeartbeatAck } from '$lib/api/playback';
import type { SocketAnswer } from '$lib/api/socket-events';
import { HeartbeatPacer } from './heartbeat-pacing';

export type { HeartbeatAck };

/** The page's socket as the outbox uses it (socket.ts: heartbeatSocket). */
export interface HeartbeatSocket {
	/** null while not connected: the outbox uses HTTP then */
	send(playbackId: string, body: string): Promise<SocketAnswer> | null;
	/** called after every (re)connection; returns a function that stops it */
	onConnect(fn: () => void): () => void;
}

export interface QueueCallbacks {
	onAck?(playbackId: string, ack: HeartbeatAck): void;
	/** A heartbeat the server refused for good (e.g. 409 superseded). */
	onRejected?(playbackId: string, status: number, code: string | null): void;
}

type Outcome =
	| { kind: 'ok'; ack: HeartbeatAck }
	| { kind: 'drop'; status: number; code: string | null }
	/** `retryAfter`: seconds, when the server said (503) */
	| { kind: 'retry'; retryAfter?: number };

const RETRYABLE_4XX = new Set([401, 408, 429]);
const TIMEOUT_MS = 15_000;

export const heartbeatUrl = (playbackId: string) =>
	`/api/playbacks/${encodeURIComponent(playbackId)}/heartbeats`;

export class HeartbeatQueue {
	/** Heartbeats written on the device but not yet acknowledged. */
	pending = $state(0);
	/** False after a failed send until one succeeds (or the browser says offline). */
	reachable = $state(true);
	/** At least one heartbeat was acknowledged in this page. */
	saved = $state(false);

	readonly status = $derived<'idle' | 'saved' | 'saving' | 'offline'>(
		this.pending > 0 ? (this.reachable ? 'saving' : 'offline') : this.saved ? 'saved' : 'idle'
	);

	private store: Promise<HeartbeatStore>;
	/** Mirror of what is pending, for synchronous keepalive sends on pagehide. */
	private mirror = new Map<string, StoredHeartbeat>();
	private running: Promise<void> | null = null;
	private again = false;
	private timer: ReturnType<typeof setTimeout> | null = null;
	private cleanup: (() => void)[] = [];
	readonly pacer: HeartbeatPacer;

	constructor(
		private callbacks: QueueCallbacks = {},
		store?: Promise<HeartbeatStore>,
		/** Prefix for the API URLs: '' in the browser (same origin); a full origin in tests. */
		private origin = '',
		private socket: HeartbeatSocket | null = null,
		pacer?: HeartbeatPacer
	) {
		this.store = store ?? openHeartbeatStore();
		this.pacer = pacer ?? new HeartbeatPacer();
		if (socket) this.cleanup.push(socket.onConnect(() => this.reconnected()));
		if (typeof window !== 'undefined') {
			const online = () => this.reconnected();
			const offline = () => (this.reachable = false);
			window.addEventListener('online', online);
			window.addEventListener('offline', offline);
			this.cleanup.push(() => window.removeEventListener('online', online));
			this.cleanup.push(() => window.removeEventListener('offline', offline));
			if (navigator.onLine === false) this.reachable = false;
		}
	}

	/** Loads what an earlier page left behind and tries to send it. */
	async restore(): Promise<void> {
		const items = await (await this.store).all();
		for (const i of items) this.mirror.set(i.key, i);
		this.pending = this.mirror.size;
		await this.flush();
	}

	/**
	 * Queues one heartbeat: durable on the device first, then sent. With
	 * `keepalive` (pagehide) it is also sent at once with fetch keepalive, since
	 * the page may be gone before the IndexedDB write completes.
	 */
	async enqueue(
		playbackId: string,
		body: HeartbeatBody,
		opts: { keepalive?: boolean } = {}
	): Promise<void> {
		const item: StoredHeartbeat = {
			key: heartbeatKey(playbackId, body.seq),
			playbackId,
			seq: body.seq,
			queuedAt: Date.now(),
			body
		};
		this.mirror.set(item.key, item);
		this.pending = this.mirror.size;
		if (opts.keepalive) void this.send(item, true).then((o) => this.settle(item, o));
		await (await this.store).put(item);
		await this.flush();
	}

	/** How often the player should heartbeat: the server's pace (10–60 s). */
	get intervalMs(): number {
		return this.pacer.intervalMs;
	}

	/** The wait before the player's next heartbeat: the pace, jittered so players drift apart. */
	nextTickMs(): number {
		return this.pacer.tickMs();
	}

	/** Sends everything pending, oldest first; stops at the first retryable failure. While backing off, the timer sends. */
	flush(): Promise<void> {
		const wait = this.pacer.blockedFor();
		if (wait > 0) {
			this.schedule(wait);
			return this.running ?? Promise.resolve();
		}
		if (this.running) {
			this.again = true;
			return this.running;
		}
		this.running = (async () => {
			try {
				do {
					this.again = false;
					await this.drain();
				} while (this.again);
			} finally {
				this.running = null;
			}
		})();
		return this.running;
	}

	destroy() {
		for (const c of this.cleanup) c();
		if (this.timer) clearTimeout(this.timer);
	}

	private async drain() {
		const items = await (await this.store).all();
		for (const i of items) if (!this.mirror.has(i.key)) this.mirror.set(i.key, i);
		this.pending = this.mirror.size;
		for (const item of items) {
			if (!this.mirror.has(item.key)) continue; // settled by a keepalive send meanwhile
			const outcome = await this.send(item, false);
			await this.settle(item, outcome);
			if (outcome.kind === 'retry') {
				this.schedule(
					outcome.retryAfter !== undefined
						? this.pacer.shed(outcome.retryAfter)
						: this.pacer.failed()
				);
				return;
			}
		}
	}

	private async settle(item: StoredHeartbeat, outcome: Outcome) {
		if (outcome.kind === 'retry') {
			this.reachable = false;
			return;
		}
		this.reachable = true;
		if (outcome.kind === 'ok') this.pacer.acked(outcome.ack.nextMs);
		else this.pacer.answered();
		this.mirror.delete(item.key);
		this.pending = this.mirror.size;
		await (await this.store).remove(item.key);
		if (outcome.kind === 'ok') {
			this.saved = true;
			this.callbacks.onAck?.(item.playbackId, outcome.ack);
		} else {
			this.callbacks.onRejected?.(item.playbackId, outcome.status, outcome.code);
		}
	}

	private async send(item: StoredHeartbeat, keepalive: boolean): Promise<Outcome> {
		const text = JSON.stringify(item.body);
		try {
			// A page being left sends by fetch keepalive: a socket emit would die with the page.
			const viaSocket = keepalive ? null : (this.socket?.send(item.playbackId, text) ?? null);
			if (viaSocket) {
				const a = await viaSocket;
				return outcome(a.status, a.body, a.retryAfter);
			}
			const res = await fetch(this.origin + heartbeatUrl(item.playbackId), {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: text,
				keepalive,
				signal: keepalive ? undefined : AbortSignal.timeout(TIMEOUT_MS)
			});
			const body = await res.json().catch(() => null);
			const after = Number(res.headers.get('retry-after') ?? NaN);
			return outcome(res.status, body, Number.isFinite(after) ? after : undefined);
		} catch {
			return { kind: 'retry' };
		}
	}

	/** Back online or the socket connected again: replays spread out (heartbeat-pacing.ts). */
	private reconnected() {
		this.reachable = true;
		const wait = this.pacer.reconnected(this.mirror.size);
		if (wait > 0) this.schedule(wait);
		else void this.flush();
	}

	private schedule(wait: number) {
		if (this.timer) clearTimeout(this.timer);
		this.timer = setTimeout(() => {
			this.timer = null;
			void this.flush();
		}, wait);
	}
}

/** One answer (HTTP or socket ack) → what the outbox does with the heartbeat. */
function outcome(status: number, body: unknown, retryAfter?: number): Outcome {
	if (status === 200) return { kind: 'ok', ack: body as HeartbeatAck };
	if (status === 503 && retryAfter !== undefined) return { kind: 'retry', retryAfter };
	if (status >= 500 || status === 0 || RETRYABLE_4XX.has(status)) return { kind: 'retry' };
	const code = (body as { error?: unknown } | null)?.error;
	return { kind: 'drop', status, code: typeof code === 'string' ? code : null };
}

export { TIMEOUT_MS as HEARTBEAT_TIMEOUT_MS };
