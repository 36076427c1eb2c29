// Which people the heartbeat batch should report as active now. A person's
// first coverage of a lesson always counts (commit.ts passes those); beyond
// that, each person is touched at most once per ACTIVITY_EVERY_MS per app
// process, so a steady stream of heartbeats costs the assignments table one
// small update per person every few minutes, not one per heartbeat.
// Process-local on purpose: with several instances a person may be touched
// once per instance per period, which is still cheap and never wrong
// (last_activity_at only moves forward).
export const ACTIVITY_EVERY_MS = 5 * 60_000;
const MAX_TRACKED = 200_000;

const lastTouched = new Map<number, number>();

/** The pairs whose person is due a touch at `nowMs`; marks them touched. */
export function dueActivity<T extends { userId: number }>(pairs: T[], nowMs: number): T[] {
	const due: T[] = [];
	for (const p of pairs) {
		const last = lastTouched.get(p.userId);
		if (last !== undefined && nowMs - last < ACTIVITY_EVERY_MS && nowMs >= last) continue;
		due.push(p);
	}
	if (lastTouched.size > MAX_TRACKED) lastTouched.clear();
	for (const p of due) lastTouched.set(p.userId, nowMs);
	return due;
}
