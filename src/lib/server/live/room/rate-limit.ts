// Two in-memory limiters of one instance:
// - SlidingWindow: at most `limit` hits per key in any `windowMs` (chat: 5 per
//   person per 10 s). Per instance: someone connected to two instances at once
//   could send twice as much, which the lecturer's mute still covers.
// - FloodGauge: counts a socket's events per second; past the ceiling the
//   caller disconnects the socket as abusive.

export class SlidingWindow {
	private hits = new Map<string, number[]>();
	private sweeps = 0;

	constructor(
		readonly limit: number,
		readonly windowMs: number
	) {}

	/** Records a hit and returns true, or returns false (nothing recorded) when over the limit. */
	take(key: string, now = Date.now()): boolean {
		const from = now - this.windowMs;
		const list = (this.hits.get(key) ?? []).filter((t) => t > from);
		if (list.length >= this.limit) {
			this.hits.set(key, list);
			return false;
		}
		list.push(now);
		this.hits.set(key, list);
		if (++this.sweeps % 1000 === 0) this.sweep(now);
		return true;
	}

	/** Forgets keys with no hit inside the window (keeps memory flat over a long session). */
	sweep(now = Date.now()): void {
		const from = now - this.windowMs;
		for (const [k, list] of this.hits) if (!list.some((t) => t > from)) this.hits.delete(k);
	}

	get size(): number {
		return this.hits.size;
	}
}

export class FloodGauge {
	private windowStart = 0;
	private count = 0;

	constructor(readonly maxPerSecond: number) {}

	/** Counts one event; false when this second's count went past the ceiling. */
	hit(now = Date.now()): boolean {
		if (now - this.windowStart >= 1000) {
			this.windowStart = now;
			this.count = 0;
		}
		return ++this.count <= this.maxPerSecond;
	}
}
