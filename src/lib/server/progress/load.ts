// Graceful overload and server-paced heartbeats. Credit comes from the
// watched intervals a heartbeat carries, not from how often heartbeats come,
// so under load players are told to report less often (the ack's nextMs:
// 10 s normally, up to 60 s) and the offered rate falls instead of queueing.
//
// Two measurable signals, both cheap to read per heartbeat:
// - the group commit's backlog (group-commit.ts): items waiting for a batch
//   and how long the oldest has waited. Past `shedDepth` items or
//   `shedAgeMs`, a new heartbeat is answered at once with 503 + Retry-After
//   (never acknowledged: nothing of it was stored; the device keeps it);
// - the event loop's delay (perf_hooks), sampled once a second: when the
//   process itself is saturated, requests wait in the kernel where no queue
//   shows them.
// - how late the event loop runs a 50 ms probe: past `shedLagMs` the process
//   itself is saturated and heartbeats are waiting in the kernel where no
//   queue shows them, so new ones are shed too; answering 503 costs less than
//   a heartbeat, and the loop catches up instead of holding them for seconds.
// Once a second a controller moves the pacing factor: ×1.25 while hot (loop
// delay p99 > 50 ms, backlog past half a threshold, or anything shed), back
// ×0.97 towards 1 while cool (loop p99 < 20 ms, backlog well under).
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import { HEARTBEAT_MAX_MS, HEARTBEAT_MIN_MS } from '../../api/playback.ts';
import type { Backlog } from './group-commit.ts';

const BASE_INTERVAL_MS = HEARTBEAT_MIN_MS;
const MAX_INTERVAL_MS = HEARTBEAT_MAX_MS;

export interface LoadOptions {
	/** queued items at which new heartbeats are shed */
	shedDepth: number;
	/** age (ms) of the oldest queued item at which new heartbeats are shed */
	shedAgeMs: number;
	/** event-loop lateness (ms) at which new heartbeats are shed; 0: never for that */
	shedLagMs?: number;
	/** the controller's period; 0: no timers (tests call tick() and probe()) */
	tickMs?: number;
}

const PROBE_MS = 50;

export class HeartbeatLoad {
	/** nextMs = BASE_INTERVAL_MS × factor, factor ∈ [1, 6] */
	factor = 1;
	/** since start: heartbeats answered 503 */
	shedTotal = 0;
	private shedSinceTick = 0;
	private worstAgeSinceTick = 0;
	private worstDepthSinceTick = 0;
	private readonly lag: IntervalHistogram;
	private readonly timer: ReturnType<typeof setInterval> | null;
	private readonly prober: ReturnType<typeof setInterval> | null;
	/** when the probe last ran, and how late it was */
	private probedAt = performance.now();
	private lateMs = 0;

	constructor(
		private readonly backlog: () => Backlog,
		private readonly options: LoadOptions
	) {
		this.lag = monitorEventLoopDelay({ resolution: 10 });
		this.lag.enable();
		const period = options.tickMs ?? 1000;
		this.timer = period ? setInterval(() => this.tick(), period) : null;
		this.timer?.unref();
		this.prober = period && options.shedLagMs ? setInterval(() => this.probe(), PROBE_MS) : null;
		this.prober?.unref();
	}

	/** The lateness probe's run (every PROBE_MS). Exposed for tests. */
	probe(now = performance.now()) {
		this.lateMs = Math.max(0, now - this.probedAt - PROBE_MS);
		this.probedAt = now;
	}

	/** How far behind the loop is: the last probe's lateness, or how overdue the next one is. */
	private behindMs(now = performance.now()): number {
		return Math.max(this.lateMs, now - this.probedAt - PROBE_MS);
	}

	/** null: accept the heartbeat; else shed it, and this is the Retry-After in seconds. */
	shed(): number | null {
		const b = this.backlog();
		if (b.oldestMs > this.worstAgeSinceTick) this.worstAgeSinceTick = b.oldestMs;
		if (b.depth > this.worstDepthSinceTick) this.worstDepthSinceTick = b.depth;
		const { shedDepth, shedAgeMs, shedLagMs } = this.options;
		const saturated = !!shedLagMs && this.behindMs() >= shedLagMs;
		if (b.depth < shedDepth && b.oldestMs < shedAgeMs && !saturated) return null;
		this.shedSinceTick++;
		this.shedTotal++;
		// Come back after about one (paced) interval: by then the backlog has drained or pacing has grown.
		return Math.ceil(this.nextMs() / 1000);
	}

	/** The interval the ack tells the player to heartbeat at. */
	nextMs(): number {
		return Math.round(BASE_INTERVAL_MS * this.factor);
	}

	/** One controller step (every tickMs). Exposed for tests. */
	tick(lagP99Ms = this.lag.percentile(99) / 1e6) {
		this.lag.reset();
		const { shedDepth, shedAgeMs } = this.options;
		const age = Math.max(this.worstAgeSinceTick, this.backlog().oldestMs);
		const depth = this.worstDepthSinceTick;
		const hot =
			this.shedSinceTick > 0 || lagP99Ms > 50 || age > shedAgeMs / 2 || depth > shedDepth / 2;
		const cool = lagP99Ms < 20 && age < shedAgeMs / 4 && depth < shedDepth / 4;
		const top = MAX_INTERVAL_MS / BASE_INTERVAL_MS;
		if (hot) this.factor = Math.min(top, this.factor * 1.25);
		else if (cool) this.factor = Math.max(1, this.factor * 0.97);
		this.shedSinceTick = 0;
		this.worstAgeSinceTick = 0;
		this.worstDepthSinceTick = 0;
	}

	stop() {
		if (this.timer) clearInterval(this.timer);
		if (this.prober) clearInterval(this.prober);
		this.lag.disable();
	}
}
