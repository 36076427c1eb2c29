// The process-wide heartbeat committer: every request's heartbeat joins the
// next group-commit batch on the app's database (see group-commit.ts).
import { db } from '../db/index.ts';
import { onDrain, onShutdown } from '../shutdown.ts';
import { commitHeartbeats, type HeartbeatItem, type HeartbeatOutcome } from './commit.ts';
import { GroupCommit } from './group-commit.ts';
import { HeartbeatLoad } from './load.ts';
import { config } from '../config.js';
import { metrics } from '../ops/metrics.ts';

const holder = globalThis as {
	__xuefanHeartbeats?: GroupCommit<HeartbeatItem, HeartbeatOutcome>;
	__xuefanHeartbeatLoad?: HeartbeatLoad;
};

export function heartbeatCommitter(): GroupCommit<HeartbeatItem, HeartbeatOutcome> {
	if (!holder.__xuefanHeartbeats) {
		const sql = db();
		const tuning = config().heartbeat;
		holder.__xuefanHeartbeats = new GroupCommit((items) => commitHeartbeats(sql, items), {
			maxBatch: tuning.batch,
			maxWaitMs: tuning.waitMs,
			maxInFlight: tuning.inFlight,
			onBatch: (size, ms, ok) => {
				const m = metrics();
				m.heartbeatBatch.observe(size);
				m.heartbeatCommit.observe({ outcome: ok ? 'committed' : 'failed' }, ms / 1000);
			}
		});
		// Before the database closes (hooks run last-registered-first): finish what was accepted.
		const committer = holder.__xuefanHeartbeats;
		// SIGTERM: commit what was accepted while the sockets can still carry the acks.
		onDrain('heartbeats', () => committer.drain());
		onShutdown(async () => {
			await committer.drain();
			const { batches, items, failures, ms } = committer.stats;
			if (tuning.stats) {
				console.log(
					`heartbeats: ${items} in ${batches} batches (${(items / Math.max(1, batches)).toFixed(1)} per batch, ${(ms / Math.max(1, batches)).toFixed(1)} ms each), ${failures} failed batches`
				);
			}
		});
	}
	return holder.__xuefanHeartbeats;
}

export const submitHeartbeat = (item: HeartbeatItem) => heartbeatCommitter().submit(item);

/** The process-wide overload and pacing controller on the committer's backlog (load.ts). */
export function heartbeatLoad(): HeartbeatLoad {
	if (!holder.__xuefanHeartbeatLoad) {
		const committer = heartbeatCommitter();
		const tuning = config().heartbeat;
		const load = new HeartbeatLoad(() => committer.backlog(), {
			shedDepth: tuning.shedDepth ?? 2 * tuning.batch * tuning.inFlight,
			shedAgeMs: tuning.shedAgeMs,
			shedLagMs: tuning.shedLagMs
		});
		holder.__xuefanHeartbeatLoad = load;
		onShutdown(() => load.stop());
	}
	return holder.__xuefanHeartbeatLoad;
}
