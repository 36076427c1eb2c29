// A live session's status on a page: the room's `live:status` event (the
// page's socket is in room live:<id> once the interaction panel joined), and
// a slow poll as a fallback for a page whose socket is down or not joined.
import { m } from '$lib/paraglide/messages.js';
import type { LiveStatus } from '$lib/api/live-room';
import { onSocketEvent } from './socket';

export type { LiveStatus };

const POLL_MS = 15_000;

export class LiveStatusWatch {
	status = $state<LiveStatus>('scheduled');
	replayCourseId = $state<number | null>(null);
	replayLessonId = $state<number | null>(null);
	private stop: () => void = () => {};

	constructor(
		readonly sessionId: number,
		initial: LiveStatus
	) {
		this.status = initial;
	}

	start(): () => void {
		const off = onSocketEvent('live:status', (e) => {
			if (e.sessionId === this.sessionId) this.status = e.status;
		});
		// Spread the polls of many viewers over the interval.
		const timer = setInterval(() => void this.poll(), POLL_MS + Math.random() * 5000);
		this.stop = () => {
			off();
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
			};
			this.status = body.status;
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
