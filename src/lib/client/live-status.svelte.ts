// A live session's status on a page: the room's `live:status` and
// `live:signal` events (the page's socket is in room live:<id> once the
// interaction panel joined), and a poll as a fallback for a page whose socket
// is down or not joined, or whose signal changed on an instance that could
// not tell it (a restart).
import { m } from '$lib/paraglide/messages.js';
import type { LiveStatus } from '$lib/api/live-room';
import type { LiveSignal } from '$lib/api/live-signal';
import { onSocketEvent } from './socket';

export type { LiveStatus };

const POLL_MS = 15_000;

export class LiveStatusWatch {
	status = $state<LiveStatus>('scheduled');
	signal = $state<LiveSignal | null>(null);
	replayCourseId = $state<number | null>(null);
	replayLessonId = $state<number | null>(null);
	private stop: () => void = () => {};

	constructor(
		readonly sessionId: number,
		initial: LiveStatus,
		signal: LiveSignal | null = null,
		/** the console polls faster: one lecturer, who must know at once */
		private readonly pollMs = POLL_MS
	) {
		this.status = initial;
		this.signal = signal;
	}

	/** Live but no media reaches the server (learners see 信号中断). */
	get signalLost(): boolean {
		return this.status === 'live' && this.signal !== null && !this.signal.onAir;
	}

	start(): () => void {
		const offStatus = onSocketEvent('live:status', (e) => {
			if (e.sessionId === this.sessionId) this.status = e.status;
		});
		const offSignal = onSocketEvent('live:signal', (e) => {
			if (e.sessionId === this.sessionId) this.signal = e;
		});
		// Spread the polls of many viewers over the interval.
		const timer = setInterval(
			() => void this.poll(),
			this.pollMs + Math.random() * (this.pollMs / 3)
		);
		this.stop = () => {
			offStatus();
			offSignal();
			clearInterval(timer);
		};
		return this.stop;
	}

	async poll(): Promise<void> {
		try {
			const res = await fetch(`/live/${this.sessionId}/status`, { credentials: 'same-origin' });
			if (!res.ok) return;
			const body = (await res.json()) as {
				status: LiveStatus;
				replayCourseId: number | null;
				replayLessonId: number | null;
				signal: LiveSignal;
			};
			this.status = body.status;
			this.signal = body.signal;
			this.replayCourseId = body.replayCourseId;
			this.replayLessonId = body.replayLessonId;
		} catch {
			// offline: the next poll or the socket tells
		}
	}
}

export function statusLabel(status: LiveStatus): string {
	return {
		scheduled: m.live_status_scheduled(),
		live: m.live_status_live(),
		ended: m.live_status_ended(),
		cancelled: m.live_status_cancelled()
	}[status];
}
