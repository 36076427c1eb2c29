// One learner watching one lesson: creates the playback on the server, turns
// what the video element reports into heartbeats (through the device-side
// queue), and keeps the state the player shows: presence check due,
// superseded by another device, coverage and completion.
import { HeartbeatQueue, type HeartbeatAck } from './heartbeat-queue.svelte';
import type { HeartbeatBody } from './heartbeat-store';
import { heartbeatSocket, onSocketEvent } from './socket';
import type { StartedPlayback } from '$lib/api/playback';
import { WatchIntervals } from './watch-intervals';

export type PlaybackStart = StartedPlayback;

export type SessionState = 'idle' | 'starting' | 'active' | 'superseded' | 'failed';

export class PlaybackSession {
	state = $state<SessionState>('idle');
	playbackId = $state<string | null>(null);
	/** The server's message when starting failed (already in the UI language). */
	error = $state<string | null>(null);
	/** A presence check whose time has come and is not yet answered. */
	presenceDue = $state<string | null>(null);
	coverage = $state(0);
	completed = $state(false);
	courseCompleted = $state(false);
	heartbeatMs = 10_000;

	readonly tracker = new WatchIntervals();
	readonly queue: HeartbeatQueue;
	private seq = 0;
	private presenceTimer: ReturnType<typeof setTimeout> | null = null;
	private pendingCheck: string | null = null;
	private stopSocket: () => void;
	private starting: Promise<PlaybackStart | null> | null = null;
	/** Called when the player must stop (presence due, superseded). */
	onMustPause: () => void = () => {};

	constructor(
		readonly lessonId: number,
		readonly deviceId: string,
		initial: { coverage: number; completed: boolean }
	) {
		this.coverage = initial.coverage;
		this.completed = initial.completed;
		this.queue = new HeartbeatQueue(
			{
				onAck: (id, ack) => this.acked(id, ack),
				onRejected: (id, status, code) => {
					if (id === this.playbackId && (status === 409 || code === 'superseded'))
						this.superseded();
				}
			},
			undefined,
			'',
			heartbeatSocket()
		);
		this.stopSocket = onSocketEvent('playback:superseded', (p) => {
			if (p?.playbackId && p.playbackId === this.playbackId) this.superseded();
		});
	}

	/** Sends what an earlier page left unacknowledged (before a new playback supersedes it). */
	restore(): Promise<void> {
		return this.queue.restore();
	}

	/** Creates a new playback on the server (first play, or taking over from another device). */
	start(): Promise<PlaybackStart | null> {
		this.starting ??= this.create().finally(() => (this.starting = null));
		return this.starting;
	}

	private async create(): Promise<PlaybackStart | null> {
		this.state = 'starting';
		this.error = null;
		try {
			const res = await fetch('/api/playbacks', {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ lessonId: this.lessonId, deviceId: this.deviceId })
			});
			const data = await res.json().catch(() => null);
			if (!res.ok) throw new Error(data?.message ?? res.statusText);
			const start = data as PlaybackStart;
			this.playbackId = start.playbackId;
			this.seq = 0;
			this.heartbeatMs = start.heartbeatMs || 10_000;
			this.state = 'active';
			this.schedulePresence(start.presence);
			return start;
		} catch (e) {
			this.state = 'failed';
			// A network failure (TypeError from fetch) is retried when the browser is back online.
			this.error =
				e instanceof TypeError ? null : e instanceof Error && e.message ? e.message : String(e);
			return null;
		}
	}

	/** Queues a heartbeat with what was watched since the last one. */
	heartbeat(event: HeartbeatBody['event'], position: number, rate: number, keepalive = false) {
		if (this.state !== 'active' || !this.playbackId) return;
		const intervals = this.tracker.take();
		if (event === 'tick' && intervals.length === 0) return; // nothing new to say
		const body: HeartbeatBody = {
			seq: ++this.seq,
			intervals,
			position: round(position),
			rate,
			event,
			sentAt: Date.now()
		};
		void this.queue.enqueue(this.playbackId, body, { keepalive });
	}

	async answerPresence(): Promise<boolean> {
		const checkId = this.presenceDue;
		if (!checkId || !this.playbackId) return false;
		const res = await fetch(`/api/playbacks/${encodeURIComponent(this.playbackId)}/presence`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ checkId })
		}).catch(() => null);
		if (!res?.ok) return false;
		this.presenceDue = null;
		this.pendingCheck = null;
		const next = (await res.json().catch(() => null)) as {
			presence?: PlaybackStart['presence'];
		} | null;
		if (next?.presence) this.schedulePresence(next.presence);
		return true;
	}

	destroy() {
		this.stopSocket();
		this.queue.destroy();
		if (this.presenceTimer) clearTimeout(this.presenceTimer);
	}

	private acked(playbackId: string, ack: HeartbeatAck) {
		// Server-paced and jittered (heartbeat-pacing.ts): the player's tick reads heartbeatMs.
		this.heartbeatMs = this.queue.nextTickMs();
		this.coverage = Math.max(this.coverage, ack.coverage ?? 0);
		this.completed ||= !!ack.completed;
		this.courseCompleted ||= !!ack.courseCompleted;
		if (playbackId === this.playbackId) this.schedulePresence(ack.presence);
	}

	private schedulePresence(presence: PlaybackStart['presence']) {
		if (!presence || presence.checkId === this.pendingCheck) return;
		this.pendingCheck = presence.checkId;
		if (this.presenceTimer) clearTimeout(this.presenceTimer);
		this.presenceTimer = setTimeout(
			() => {
				this.presenceDue = presence.checkId;
				this.onMustPause();
			},
			Math.max(0, presence.dueInSeconds) * 1000
		);
	}

	private superseded() {
		if (this.state === 'superseded') return;
		this.state = 'superseded';
		this.tracker.reset();
		if (this.presenceTimer) clearTimeout(this.presenceTimer);
		this.presenceDue = null;
		// Its queued heartbeats stay: the server credits them up to the moment of
		// supersession, or answers 409 and the outbox drops them.
		this.onMustPause();
	}
}

const round = (x: number) => Math.round((Number.isFinite(x) ? x : 0) * 1000) / 1000;
