// The live inputs of this process, one per session at most: the ffmpeg
// writing its HLS, who feeds it, and the numbers the console shows.
import { HlsWriter } from './hls-writer.ts';
import { liveDir } from '../paths.ts';
import type { IngestHealth } from '../../../api/socket-events.ts';

export interface Ingest {
	sessionId: number;
	/** One MediaRecorder run (a WebM stream with its own header); 'rtmp' for OBS. */
	streamId: string;
	writer: HlsWriter;
	/** The socket feeding it (null while the lecturer is away: grace period). */
	socketId: string | null;
	/** The next chunk sequence number expected. */
	nextSeq: number;
	chunks: number;
	bytes: number;
	/** Chunks refused (gaps, ffmpeg down) on the server side. */
	dropped: number;
	startedAt: number;
	/** bytes received per second, last 10 s, for the bitrate */
	recent: { at: number; bytes: number }[];
	graceTimer: ReturnType<typeof setTimeout> | null;
}

const holder = globalThis as { __xuefanIngests?: Map<number, Ingest> };
const ingests = (holder.__xuefanIngests ??= new Map());

export const getIngest = (sessionId: number): Ingest | undefined => ingests.get(sessionId);

/** A new ffmpeg for a new input of the session; an older input of the session is finished first. */
export async function openIngest(
	sessionId: number,
	streamId: string,
	copyVideo: boolean,
	input?: string[]
): Promise<Ingest> {
	await closeIngest(sessionId);
	const writer = new HlsWriter(liveDir(sessionId), { copyVideo, input });
	await writer.start();
	const ingest: Ingest = {
		sessionId,
		streamId,
		writer,
		socketId: null,
		nextSeq: 0,
		chunks: 0,
		bytes: 0,
		dropped: 0,
		startedAt: Date.now(),
		recent: [],
		graceTimer: null
	};
	ingests.set(sessionId, ingest);
	return ingest;
}

/** Ends the session's input (ffmpeg writes its last segment); no-op without one. */
export async function closeIngest(sessionId: number): Promise<void> {
	const ingest = ingests.get(sessionId);
	if (!ingest) return;
	ingests.delete(sessionId);
	if (ingest.graceTimer) clearTimeout(ingest.graceTimer);
	if (ingest.streamId === 'rtmp') await ingest.writer.interrupt();
	else await ingest.writer.finish();
}

export async function closeAllIngests(): Promise<void> {
	await Promise.all([...ingests.keys()].map((id) => closeIngest(id)));
}

export function recordChunk(ingest: Ingest, bytes: number, now = Date.now()): void {
	ingest.chunks++;
	ingest.bytes += bytes;
	ingest.recent.push({ at: now, bytes });
	while (ingest.recent.length && ingest.recent[0].at < now - 10_000) ingest.recent.shift();
}

export function ingestHealth(ingest: Ingest, now = Date.now()): IngestHealth {
	const windowStart = Math.max(ingest.startedAt, now - 10_000);
	const bytes = ingest.recent.filter((r) => r.at >= windowStart).reduce((a, r) => a + r.bytes, 0);
	const seconds = Math.max(1, (now - windowStart) / 1000);
	return {
		sessionId: ingest.sessionId,
		kbps: Math.round((bytes * 8) / 1000 / seconds),
		chunks: ingest.chunks,
		dropped: ingest.dropped,
		ffmpegAlive: ingest.writer.alive,
		pendingBytes: ingest.writer.pending,
		seconds: Math.round((now - ingest.startedAt) / 1000)
	};
}
