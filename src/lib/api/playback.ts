// The progress API's shapes, shared by the server (src/lib/server/progress)
// and the browser (src/lib/client), so the two cannot drift apart.

export interface PresenceInfo {
	checkId: string;
	dueInSeconds: number;
}

/** 201 answer of POST /api/playbacks. */
export interface StartedPlayback {
	playbackId: string;
	lessonId: number;
	duration: number;
	/** the resume point, in media seconds */
	position: number;
	maxRate: number;
	completionRatio: number;
	heartbeatMs: number;
	presence: PresenceInfo | null;
}

/** What a heartbeat says happened; the server checks every one. */
export const HEARTBEAT_EVENTS = ['tick', 'pause', 'ended', 'seek', 'hidden'] as const;
export type HeartbeatEvent = (typeof HEARTBEAT_EVENTS)[number];

/** 200 answer of POST /api/playbacks/<id>/heartbeats, sent once the heartbeat is stored. */
export interface HeartbeatAck {
	seq: number;
	creditedSeconds: number;
	coverage: number;
	completed: boolean;
	courseCompleted: boolean;
	presence: PresenceInfo | null;
	/** server pacing: send the next heartbeat in this many ms (10 s normally, up to 60 s under load) */
	nextMs: number;
}

/** The bounds of the server's pacing (nextMs); the browser's outbox clamps to them too. */
export const HEARTBEAT_MIN_MS = 10_000;
export const HEARTBEAT_MAX_MS = 60_000;
