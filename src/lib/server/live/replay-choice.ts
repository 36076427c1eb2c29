// The lecturer's choice of where the replay goes, checked before the session
// ends (a refused choice ends nothing) and stored on the session for the
// replay job (which may run later, on another instance).
import type { Db } from '../db/index.ts';
import { REPLAY_TARGETS, type ReplayChoice, type ReplayTarget } from '../../api/live-replay.ts';
import { LiveError } from './errors.ts';
import type { LiveSession } from './sessions.ts';

export interface RawReplayChoice {
	target?: unknown;
	publish?: unknown;
	everyone?: unknown;
}

const flag = (v: unknown) => v === true || v === 'on' || v === 'true';

export function checkReplayChoice(
	raw: RawReplayChoice,
	session: Pick<LiveSession, 'courseId'>
): ReplayChoice {
	const target = raw.target as ReplayTarget;
	if (!REPLAY_TARGETS.includes(target)) throw new LiveError('replay_invalid');
	if (target === 'course' && !session.courseId) throw new LiveError('replay_no_course');
	// Publishing and audience only mean something for a course made for the replay.
	const own = target === 'new';
	return { target, publish: own && flag(raw.publish), everyone: own && flag(raw.everyone) };
}

export async function saveReplayChoice(sql: Db, sessionId: number, c: ReplayChoice): Promise<void> {
	await sql`
		update live_sessions set replay_target = ${c.target}, replay_publish = ${c.publish},
			replay_everyone = ${c.everyone}, updated_at = now()
		where id = ${sessionId}`;
}
