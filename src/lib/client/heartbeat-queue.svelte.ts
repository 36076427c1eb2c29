// The device-side outbox of progress heartbeats. Every heartbeat is written to
// IndexedDB first and removed only after the server's 200 (which it gives once
// the batch is durably committed). Unacknowledged ones are replayed in order,
// with their original playbackId + seq, after a reload, when the browser comes
// back online, or on a backoff timer. A 4xx other than 401/408/429 will never
// succeed (superseded playback, bad input): it is dropped; 5xx and network
// failures are kept.
import {
	heartbeatKey,
	openHeartbeatStore,
	type HeartbeatBody,
	type HeartbeatStore,
	type StoredHeartbeat
} from './heartbeat-store';
import type { HeartbeatAck } from '$lib/api/playback';

export type { HeartbeatAck };

export interface QueueCallbacks {
	onAck?(playbackId: string, ack: HeartbeatAck): void;
	/** A heartbeat the server refused for good (e.g. 409 superseded). */
	onRejected?(playbackId: string, status: number, code: string | null): void;
}

type Outcome =
	| { kind: 'ok'; ack: HeartbeatAck }
	| { kind: 'drop'; status: number; code: string | null }
	| { kind: 'retry' };

const RETRYABLE_4XX = new Set([401, 408, 429]);
const MAX_BACKOFF_MS = 30_000;

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
	private backoff = 1000;
	private timer: ReturnType<typeof setTimeout> | null = null;
	private cleanup: (() => void)[] = [];

	constructor(
		private callbacks: QueueCallbacks = {},
		store?: Promise<HeartbeatStore>,
		/** Prefix for the API URLs: '' in the browser (same origin); a full origin in tests. */
		private origin = ''
	) {
		this.store = store ?? openHeartbeatStore();
		if (typeof window !== 'undefined') {
			const online = () => {
				this.backoff = 1000;
				void this.flush();
			};
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

	/** Sends everything pending, oldest first; stops at the first retryable failure. */
	flush(): Promise<void> {
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
				this.scheduleRetry();
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
		this.backoff = 1000;
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
		try {
			const res = await fetch(this.origin + heartbeatUrl(item.playbackId), {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify(item.body),
				keepalive,
				signal: keepalive ? undefined : AbortSignal.timeout(15_000)
			});
			if (res.ok) return { kind: 'ok', ack: (await res.json()) as HeartbeatAck };
			if (res.status >= 500 || RETRYABLE_4XX.has(res.status)) return { kind: 'retry' };
			const payload = (await res.json().catch(() => null)) as { error?: string } | null;
			return { kind: 'drop', status: res.status, code: payload?.error ?? null };
		} catch {
			return { kind: 'retry' };
		}
	}

	private scheduleRetry() {
		if (this.timer) clearTimeout(this.timer);
		const wait = this.backoff;
		this.backoff = Math.min(this.backoff * 2, MAX_BACKOFF_MS);
		this.timer = setTimeout(() => {
			this.timer = null;
			void this.flush();
		}, wait);
	}
}
