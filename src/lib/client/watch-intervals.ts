// Which stretches of the media the learner really watched, from the video's
// `timeupdate` events. Pure logic (no DOM), so it is unit-tested in Node.
//
// The rule: between two consecutive observations the media time must move
// forward by at most MAX_STEP_SECONDS × playback rate; anything else (a jump
// ahead, a jump back, an explicit seek) ends the current interval and starts a
// new one at the new position. The skipped part is never counted. The server
// checks all this again (the client is evidence, not truth); doing it here
// keeps honest clients from sending claims the server would discard.

export type Interval = [number, number];

/** Browsers fire timeupdate every 15–250 ms; 1.5 s of media per observation is generous. */
export const MAX_STEP_SECONDS = 1.5;

/** Rounded to milliseconds: heartbeats stay small and comparisons stable. */
const r3 = (x: number) => Math.round(x * 1000) / 1000;

export class WatchIntervals {
	/** Finished intervals not yet taken by a heartbeat. */
	private done: Interval[] = [];
	/** The open interval's start, or null when not tracking. */
	private start: number | null = null;
	/** The last observed media time, or null before the first observation. */
	private last: number | null = null;

	/**
	 * One observation while playing: the media time now and the current rate.
	 * Returns false when the step was treated as a seek.
	 */
	observe(time: number, rate: number): boolean {
		if (!Number.isFinite(time) || time < 0) return false;
		if (this.last === null || this.start === null) {
			this.start = time;
			this.last = time;
			return true;
		}
		const step = time - this.last;
		const limit = MAX_STEP_SECONDS * (Number.isFinite(rate) && rate > 0 ? rate : 1);
		if (step < 0 || step > limit) {
			this.close();
			this.start = time;
			this.last = time;
			return false;
		}
		this.last = time;
		return true;
	}

	/** An explicit seek (the `seeking` event): close what was watched, restart at `to`. */
	seek(to: number) {
		this.close();
		this.start = Number.isFinite(to) && to >= 0 ? to : null;
		this.last = this.start;
	}

	/** Forget the anchor entirely (e.g. a new source was loaded). */
	reset() {
		this.close();
		this.start = null;
		this.last = null;
	}

	/**
	 * Everything watched since the previous take(), merged and sorted; the open
	 * interval is cut at the last observation and continues from there.
	 */
	take(): Interval[] {
		const out = this.done;
		this.done = [];
		if (this.start !== null && this.last !== null && this.last > this.start) {
			out.push([this.start, this.last]);
			this.start = this.last;
		}
		return mergeIntervals(out);
	}

	/** Whether take() would return anything. */
	get hasPending(): boolean {
		return (
			this.done.length > 0 || (this.start !== null && this.last !== null && this.last > this.start)
		);
	}

	private close() {
		if (this.start !== null && this.last !== null && this.last > this.start) {
			this.done.push([this.start, this.last]);
		}
		this.start = null;
		this.last = null;
	}
}

/** Sorted, overlapping or touching intervals joined, empty ones dropped, rounded to ms. */
export function mergeIntervals(list: readonly Interval[]): Interval[] {
	const sorted = list
		.map(([a, b]) => [r3(a), r3(b)] as Interval)
		.filter(([a, b]) => b > a)
		.sort((x, y) => x[0] - y[0]);
	const out: Interval[] = [];
	for (const [a, b] of sorted) {
		const prev = out[out.length - 1];
		if (prev && a <= prev[1]) prev[1] = Math.max(prev[1], b);
		else out.push([a, b]);
	}
	return out;
}

/** Total seconds covered by intervals (after merging). */
export function coveredSeconds(list: readonly Interval[]): number {
	return mergeIntervals(list).reduce((s, [a, b]) => s + (b - a), 0);
}
