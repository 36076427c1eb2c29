// Shapes shared by the batch, the routes and the fast path.
import type { HeartbeatInput } from './validate.ts';

export interface HeartbeatItem extends HeartbeatInput {
	playbackId: string; // validated uuid
	userId: number;
}

import type { HeartbeatAck, PresenceInfo } from '../../api/playback.ts';

export type { PresenceInfo };

/** The acknowledgement the client gets (less the pacing, added by the endpoint), plus what only the server uses. */
export interface HeartbeatResult extends Omit<HeartbeatAck, 'nextMs'> {
	/** this heartbeat's own credit (the stored one for a replay) */
	credited: number;
	replay: boolean;
}

export type HeartbeatOutcome =
	| { ok: true; result: HeartbeatResult }
	| {
			ok: false;
			status: 400 | 404 | 409;
			code: 'not_found' | 'superseded' | 'not_ready' | 'interval_out_of_range';
	  };
