// The live signal: the instance holding a session's input notes each piece
// of media that arrives (browser chunks, RTMP bytes). Transitions (media
// flowing again / nothing for SIGNAL_LOST_MS) go to the session's room at
// once; the time goes to live_sessions.media_at (throttled) so every
// instance and every page load can tell on air from off air.
import { rooms } from '../../api/socket-rooms.ts';
import { SIGNAL_LOST_MS, type LiveSignal, type SignalSource } from '../../api/live-signal.ts';
import type { Db } from '../db/index.ts';
import { realtime } from '../realtime/index.ts';

const WRITE_EVERY_MS = 2000;
const CHECK_EVERY_MS = 1000;

interface Tracked {
	sql: Db;
	source: SignalSource;
	lastAt: number;
	writtenAt: number;
	onAir: boolean;
}

const holder = globalThis as {
	__xuefanSignals?: Map<number, Tracked>;
	__xuefanSignalTimer?: ReturnType<typeof setInterval>;
};
const tracked = (holder.__xuefanSignals ??= new Map());

export function emitSignal(signal: LiveSignal): void {
	realtime()?.to(rooms.live(signal.sessionId)).emit('live:signal', signal);
}

/** Media arrived for the session (cheap: called for every chunk). */
export function noteMedia(sql: Db, sessionId: number, source: SignalSource, now = Date.now()) {
	let t = tracked.get(sessionId);
	if (!t) {
		t = { sql, source, lastAt: now, writtenAt: 0, onAir: false };
		tracked.set(sessionId, t);
	}
	t.lastAt = now;
	t.source = source;
	if (!t.onAir) {
		t.onAir = true;
		emitSignal({ sessionId, onAir: true, source });
	}
	if (now - t.writtenAt >= WRITE_EVERY_MS) {
		t.writtenAt = now;
		void sql`update live_sessions set media_at = now(), media_source = ${source} where id = ${sessionId}`.catch(
			(e) => console.error('live signal:', e)
		);
	}
	holder.__xuefanSignalTimer ??= setInterval(() => checkSignals(), CHECK_EVERY_MS);
	holder.__xuefanSignalTimer.unref?.();
}

/** Turns silent inputs into "signal lost" (exported for tests with their own clock). */
export function checkSignals(now = Date.now()): void {
	for (const [sessionId, t] of tracked) {
		if (t.onAir && now - t.lastAt >= SIGNAL_LOST_MS) {
			t.onAir = false;
			emitSignal({ sessionId, onAir: false, source: t.source });
		} else if (!t.onAir && now - t.lastAt > 10 * 60_000) tracked.delete(sessionId);
	}
	if (!tracked.size && holder.__xuefanSignalTimer) {
		clearInterval(holder.__xuefanSignalTimer);
		holder.__xuefanSignalTimer = undefined;
	}
}

/** The session ended: no "signal lost" for it any more. */
export function forgetSignal(sessionId: number): void {
	tracked.delete(sessionId);
}
