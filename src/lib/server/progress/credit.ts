// The crediting rules, as pure functions (no database, no clock of their own):
// the client's heartbeat is evidence; this decides what of it counts.
//
// Units: media time is cut into whole seconds. An interval [a, b] (media
// seconds) covers the seconds [round(a), round(b)). Rounding both ends makes
// contiguous intervals tile exactly across heartbeats ([0, 10.3] + [10.3, 20.6]
// cover 0..20 with nothing lost or doubled), and charging credit per whole
// second (not per float length) means a forger cannot cover more seconds than
// they are credited (e.g. 100 slivers [k+0.49, k+0.51] would cost 100 s).
//
// Rules, in order, for one heartbeat of one playback:
// 1. presence check overdue (unanswered 60 s past due) → credit nothing;
// 2. reported rate above the course's max_credited_rate → credit nothing for
//    this heartbeat (the whole heartbeat, not a scaled part: a script cannot
//    claim 2× and get 1×; the honest player limits its own speed);
// 3. intervals are clipped to [0, duration], turned into whole seconds, merged
//    (overlaps count once) and kept in media order;
// 4. per-heartbeat cap: max(wall time since the previous heartbeat (or since
//    the start), NOMINAL_SPAN) × maxRate + TOLERANCE_S. The floor NOMINAL_SPAN lets a
//    device replay its queue of 10 s heartbeats in a burst after a reconnect;
//    the overall bound (5) still holds;
// 5. overall bound: credited seconds of the playback ≤ (end − started_at) ×
//    maxRate × (1 + TOLERANCE_RATIO) + TOLERANCE_S, where end = server now, or
//    superseded_at for a playback that was superseded;
// 6. what exceeds the budget is cut from the end: seconds are kept in media
//    order, so a forged [0, 600] after 10 s keeps [0, ~12] and nothing skipped.
// Seeking forward credits nothing for the skipped part because only reported
// watched intervals are credited, and each is bounded by (4) and (5).

export const TOLERANCE_S = 2;
export const TOLERANCE_RATIO = 0.05;
/** The client's nominal heartbeat period is 10 s; a little slack for timers. */
export const NOMINAL_SPAN_S = 12;
/** Interval ends this far past the duration are clipped; further → 400. */
export const DURATION_SLACK_S = 2;
export const PRESENCE_GRACE_S = 60;
export const MAX_INTERVALS = 100;
export const MAX_RATE = 16;

export interface PlaybackState {
	startedAt: number; // ms, server time
	/** superseded_at in ms, or null while active */
	endedAt: number | null;
	lastHeartbeatAt: number | null;
	credited: number; // whole seconds so far
	duration: number; // whole seconds (lessons.duration_seconds)
	maxRate: number;
	/** ms when the open presence check is due; null when none is open */
	presenceDueAt: number | null;
}

export type Range = [number, number]; // whole seconds, [start, end)

export interface Credit {
	ranges: Range[];
	seconds: number;
	reason: 'ok' | 'rate' | 'presence' | 'bound' | 'none';
}

/** Upper bound on a playback's credited seconds at time `now` (ms). */
export function wallClockBound(
	state: Pick<PlaybackState, 'startedAt' | 'endedAt' | 'maxRate'>,
	now: number
): number {
	const end = state.endedAt === null ? now : Math.min(now, state.endedAt);
	const elapsed = Math.max(0, (end - state.startedAt) / 1000);
	return Math.floor(elapsed * state.maxRate * (1 + TOLERANCE_RATIO) + TOLERANCE_S);
}

export function presenceOverdue(state: Pick<PlaybackState, 'presenceDueAt'>, now: number): boolean {
	return state.presenceDueAt !== null && now > state.presenceDueAt + PRESENCE_GRACE_S * 1000;
}

/** Intervals (already validated as finite, 0 ≤ a ≤ b) → merged whole-second ranges inside [0, duration). */
export function toRanges(
	intervals: readonly (readonly [number, number])[],
	duration: number
): Range[] {
	const raw: Range[] = [];
	for (const [a, b] of intervals) {
		const s = Math.max(0, Math.min(duration, Math.round(a)));
		const e = Math.max(0, Math.min(duration, Math.round(b)));
		if (e > s) raw.push([s, e]);
	}
	raw.sort((x, y) => x[0] - y[0]);
	const out: Range[] = [];
	for (const r of raw) {
		const last = out[out.length - 1];
		if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
		else out.push([r[0], r[1]]);
	}
	return out;
}

/** What one heartbeat earns; `now` is the server's time in ms. */
export function creditHeartbeat(
	state: PlaybackState,
	hb: { intervals: readonly (readonly [number, number])[]; rate: number },
	now: number
): Credit {
	if (presenceOverdue(state, now)) return { ranges: [], seconds: 0, reason: 'presence' };
	if (hb.rate > state.maxRate + 1e-9) return { ranges: [], seconds: 0, reason: 'rate' };
	const ranges = toRanges(hb.intervals, state.duration);
	if (ranges.length === 0) return { ranges, seconds: 0, reason: 'none' };
	const since = (now - (state.lastHeartbeatAt ?? state.startedAt)) / 1000;
	const perHeartbeat = Math.floor(Math.max(since, NOMINAL_SPAN_S) * state.maxRate + TOLERANCE_S);
	const remaining = wallClockBound(state, now) - state.credited;
	let budget = Math.max(0, Math.min(perHeartbeat, remaining));
	const kept: Range[] = [];
	let seconds = 0;
	for (const [s, e] of ranges) {
		if (budget <= 0) break;
		const take = Math.min(e - s, budget);
		kept.push([s, s + take]);
		seconds += take;
		budget -= take;
	}
	const claimed = ranges.reduce((n, [s, e]) => n + e - s, 0);
	return { ranges: kept, seconds, reason: seconds < claimed ? 'bound' : 'ok' };
}

/** '0011100…' → [[2, 5], …] (watched ranges for the player's seek bar). */
export function bitStringToRanges(bits: string): Range[] {
	const out: Range[] = [];
	let start = -1;
	for (let i = 0; i <= bits.length; i++) {
		const on = i < bits.length && bits.charCodeAt(i) === 49;
		if (on && start < 0) start = i;
		else if (!on && start >= 0) {
			out.push([start, i]);
			start = -1;
		}
	}
	return out;
}
