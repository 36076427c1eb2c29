// Group commit: requests hand in items; items are collected for at most
// `maxWaitMs` (or until `maxBatch`) and run as one batch (one transaction).
// Each submitter's promise settles only after that batch has committed; when
// the batch fails, every submitter in it gets the error (the client retries:
// heartbeats are idempotent by (playback, seq)).
// While `maxInFlight` batches are running, new items wait and join the next
// batch: under load, batches grow by themselves and the database sees a few
// large statements instead of thousands of small ones.

export interface Backlog {
	/** items waiting for a batch */
	depth: number;
	/** how long the oldest of them has waited, ms */
	oldestMs: number;
	/** items in batches being committed */
	inFlightItems: number;
}

export interface GroupCommitOptions {
	maxBatch?: number;
	maxWaitMs?: number;
	maxInFlight?: number;
	/** Told of every batch: its size, how long it took (ms) and whether it committed (metrics). */
	onBatch?: (size: number, ms: number, ok: boolean) => void;
}

interface Waiting<I, O> {
	item: I;
	/** performance.now() when submitted */
	at: number;
	resolve: (o: O) => void;
	reject: (e: unknown) => void;
}

export class GroupCommit<I, O> {
	private queue: Waiting<I, O>[] = [];
	private timer: ReturnType<typeof setTimeout> | null = null;
	private inFlight = 0;
	private inFlightItems = 0;
	private idle: (() => void)[] = [];
	private readonly maxBatch: number;
	private readonly maxWaitMs: number;
	private readonly maxInFlight: number;
	private readonly onBatch?: GroupCommitOptions['onBatch'];
	/** Batches run and items in them (for benchmarks and tests). */
	readonly stats = { batches: 0, items: 0, failures: 0, ms: 0 };

	constructor(
		private readonly run: (items: I[]) => Promise<O[]>,
		options: GroupCommitOptions = {}
	) {
		this.maxBatch = options.maxBatch ?? 500;
		this.maxWaitMs = options.maxWaitMs ?? 2;
		this.maxInFlight = options.maxInFlight ?? 2;
		this.onBatch = options.onBatch;
	}

	submit(item: I): Promise<O> {
		return new Promise<O>((resolve, reject) => {
			this.queue.push({ item, at: performance.now(), resolve, reject });
			if (this.queue.length >= this.maxBatch) this.kick();
			else this.timer ??= setTimeout(() => this.kick(), this.maxWaitMs);
		});
	}

	/** How far behind the committer is: items waiting for a batch, and how long the oldest has waited (ms). */
	backlog(): Backlog {
		const first = this.queue[0];
		return {
			depth: this.queue.length,
			oldestMs: first ? performance.now() - first.at : 0,
			inFlightItems: this.inFlightItems
		};
	}

	/** Resolves when nothing is queued or running (for shutdown). */
	drain(): Promise<void> {
		if (!this.queue.length && !this.inFlight) return Promise.resolve();
		this.kick();
		return new Promise((r) => this.idle.push(r));
	}

	private kick() {
		if (this.timer) {
			clearTimeout(this.timer);
			this.timer = null;
		}
		while (this.queue.length && this.inFlight < this.maxInFlight) {
			void this.flush(this.queue.splice(0, this.maxBatch));
		}
	}

	private async flush(batch: Waiting<I, O>[]) {
		this.inFlight++;
		this.inFlightItems += batch.length;
		this.stats.batches++;
		this.stats.items += batch.length;
		const started = performance.now();
		try {
			const out = await this.run(batch.map((w) => w.item));
			this.stats.ms += performance.now() - started;
			this.onBatch?.(batch.length, performance.now() - started, true);
			batch.forEach((w, i) => w.resolve(out[i]));
		} catch (e) {
			this.stats.failures++;
			this.onBatch?.(batch.length, performance.now() - started, false);
			for (const w of batch) w.reject(e);
		} finally {
			this.inFlight--;
			this.inFlightItems -= batch.length;
			// Items that arrived meanwhile go at once: they have waited long enough.
			if (this.queue.length) this.kick();
			else if (!this.inFlight) for (const r of this.idle.splice(0)) r();
		}
	}
}
