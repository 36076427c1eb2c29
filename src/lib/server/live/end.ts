// Ending a live session: the input's ffmpeg finishes its last segment, the
// playlist gets #EXT-X-ENDLIST (players stop waiting for more), the status
// becomes 'ended', attendance is finalised, and the replay is queued (to
// where the lecturer chose: replay-choice.ts).
import { appendFile, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Db } from '../db/index.ts';
import { finaliseAttendance } from './attendance.ts';
import { LiveError } from './errors.ts';
import { stopRtmp } from './ingest/rtmp.ts';
import { closeIngest } from './ingest/streams.ts';
import { liveDir, PLAYLIST } from './paths.ts';
import { queueReplay } from './jobs.ts';
import { canManage, getSession, type LiveSession } from './sessions.ts';
import type { SessionUser } from '../auth/types.ts';
import { markEnded } from './status.ts';
import { DEFAULT_REPLAY } from '../../api/live-replay.ts';
import { checkReplayChoice, saveReplayChoice, type RawReplayChoice } from './replay-choice.ts';

/** Appends ENDLIST once (ffmpeg runs with omit_endlist). */
export async function writeEndList(sessionId: number): Promise<boolean> {
	const file = path.join(liveDir(sessionId), PLAYLIST);
	const text = await readFile(file, 'utf8').catch(() => null);
	if (text === null || text.includes('#EXT-X-ENDLIST')) return false;
	await appendFile(file, `${text.endsWith('\n') ? '' : '\n'}#EXT-X-ENDLIST\n`);
	return true;
}

export async function endSession(
	sql: Db,
	user: Pick<SessionUser, 'id' | 'roles'>,
	sessionId: number,
	replay: RawReplayChoice = DEFAULT_REPLAY
): Promise<LiveSession> {
	const session = await getSession(sql, sessionId);
	if (!session || !canManage(user, session)) throw new LiveError('not_found');
	if (session.status !== 'live' && session.status !== 'scheduled') throw new LiveError('not_live');
	// Checked before anything stops: a refused choice leaves the session on air.
	const choice = checkReplayChoice(replay, session);
	await saveReplayChoice(sql, sessionId, choice);
	await stopRtmp(sessionId);
	await closeIngest(sessionId);
	await writeEndList(sessionId);
	await markEnded(sql, sessionId);
	try {
		await finaliseAttendance(sql, sessionId);
	} catch (e) {
		// The session is over either way; attendance can be finalised again (idempotent).
		console.error(`live: attendance of session ${sessionId}:`, e);
	}
	await queueReplay(sql, sessionId);
	return (await getSession(sql, sessionId))!;
}
