// Where a live session's HLS lives: <media dir>/live/<sessionId>/index.m3u8
// and seg_<n>.ts. Segments are never deleted while live (the playlist is a
// sliding window): together they are the recording the replay is made from.
import path from 'node:path';
import { mediaRoot } from '../media/storage.ts';

export function liveDir(sessionId: number): string {
	if (!Number.isSafeInteger(sessionId) || sessionId <= 0)
		throw new Error(`not a session id: ${sessionId}`);
	return path.join(mediaRoot(), 'live', String(sessionId));
}

export const PLAYLIST = 'index.m3u8';
export const SEGMENT_RE = /^seg_(\d{1,7})\.ts$/;

/** Only the playlist and segments are ever served. */
export function servableLiveFile(sessionId: number, name: string): string | null {
	if (name !== PLAYLIST && !SEGMENT_RE.test(name)) return null;
	return path.join(liveDir(sessionId), name);
}

/** The key the signed URLs of a live stream are made for (see media/signing.ts). */
export const liveSigningKey = (sessionId: number) => `live-${sessionId}`;
