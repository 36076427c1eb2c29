// Whether media reaches the server for a live session (shared by the server's
// ingest and the console / viewer pages).

/** No media for this long while 直播中: the signal is lost. */
export const SIGNAL_LOST_MS = 10_000;

export type SignalSource = 'browser' | 'rtmp';

export interface LiveSignal {
	sessionId: number;
	/** media arrived within SIGNAL_LOST_MS */
	onAir: boolean;
	/** what fed it last: the browser console or OBS (RTMP) */
	source: SignalSource | null;
}

/** The signal from the server's "ms since the last media" (null: none ever). */
export function signalFrom(
	sessionId: number,
	source: SignalSource | null,
	ageMs: number | null
): LiveSignal {
	return { sessionId, onAir: ageMs !== null && ageMs < SIGNAL_LOST_MS, source };
}
