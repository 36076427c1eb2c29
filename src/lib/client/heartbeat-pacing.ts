// When the device's heartbeat outbox may send (plain TS: the outbox
// heartbeat-queue.svelte.ts and the campaign bench both run it).
// - The server paces: each ack carries nextMs (10 s normally, up to 60 s
//   under load); the player heartbeats at that interval. Credit comes from
//   the watched intervals a heartbeat carries, so a longer interval loses nothing.
// - A 503 (the server is behind) names a Retry-After: wait that long ×
//   [0.5, 1.5), so a crowd shed at once does not come back at once.
// - No answer (network down, server restarting, socket dropped): exponential
//   backoff from 1 s to 60 s, each wait × [0.5, 1).
// - The player's tick waits the pace × [0.8, 1.2) (at least 10 s; at the
//   60 s pace up to 72 s, the mean still 60 s): players
//   that pressed play in the same minute (a campaign's start, a restart) drift
//   apart over a few beats instead of arriving in waves when the pace grows.
// - After a reconnect with heartbeats unsent, the first send waits a random
//   part of one interval: 45,000 players reconnecting together after a
//   restart spread their replays over ~10 s instead of one burst.
// Nothing here drops a heartbeat: the outbox keeps every one until acknowledged.
// Relative: the campaign bench runs this file under tsx (no $lib alias).
import { HEARTBEAT_MAX_MS, HEARTBEAT_MIN_MS } from '../api/playback.ts';

export const MIN_BACKOFF_MS = 1000;
export const MAX_BACKOFF_MS = 60_000;
/** Replays after a reconnect are spread over at most this long. */
export const MAX_REPLAY_SPREAD_MS = 15_000;

export const clampInterval = (ms: unknown): number =>
	typeof ms === 'number' && Number.isFinite(ms)
		? Math.min(HEARTBEAT_MAX_MS, Math.max(HEARTBEAT_MIN_MS, ms))
		: HEARTBEAT_MIN_MS;

export class HeartbeatPacer {
	/** How often the player should send a heartbeat, as the server last said. */
	intervalMs = HEARTBEAT_MIN_MS;
	private backoffMs = MIN_BACKOFF_MS;
	private until = 0;

	constructor(
		private readonly random: () => number = Math.random,
		private readonly now: () => number = Date.now
	) {}

	/** An acknowledgement: take the server's pace; no more waiting. */
	acked(nextMs: unknown) {
		this.intervalMs = clampInterval(nextMs);
		this.backoffMs = MIN_BACKOFF_MS;
		this.until = 0;
	}

	/** The wait before the player's next heartbeat: the pace, jittered (see the head of this file). */
	tickMs(): number {
		const ms = this.intervalMs * (0.8 + 0.4 * this.random());
		return Math.round(Math.max(HEARTBEAT_MIN_MS, ms));
	}

	/** A refusal for good (4xx): the server answered, so it is reachable. */
	answered() {
		this.backoffMs = MIN_BACKOFF_MS;
	}

	/** 503 with Retry-After (seconds); returns the wait in ms. */
	shed(retryAfterS: unknown): number {
		const s =
			typeof retryAfterS === 'number' && Number.isFinite(retryAfterS) && retryAfterS > 0
				? Math.min(retryAfterS, HEARTBEAT_MAX_MS / 1000)
				: this.intervalMs / 1000;
		// The server says it is loaded: keep to at least its pace from now on.
		this.intervalMs = clampInterval(Math.max(this.intervalMs, s * 1000));
		return this.wait(s * 1000 * (0.5 + this.random()));
	}

	/** No answer at all; returns the wait in ms. */
	failed(): number {
		const ms = this.backoffMs * (0.5 + 0.5 * this.random());
		this.backoffMs = Math.min(this.backoffMs * 2, MAX_BACKOFF_MS);
		return this.wait(ms);
	}

	/** Connected again with `pending` heartbeats unsent; returns the wait in ms before the first. */
	reconnected(pending: number): number {
		this.backoffMs = MIN_BACKOFF_MS;
		if (!pending) return 0;
		return this.wait(this.random() * Math.min(this.intervalMs, MAX_REPLAY_SPREAD_MS), true);
	}

	/** ms until the outbox may send again (0: now). */
	blockedFor(): number {
		return Math.max(0, this.until - this.now());
	}

	private wait(ms: number, replace = false): number {
		const until = this.now() + ms;
		this.until = replace ? until : Math.max(this.until, until);
		return Math.round(ms);
	}
}
