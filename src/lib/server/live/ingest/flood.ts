// Limits for what an ingest socket may send. A browser sends one chunk a
// second (a backlog after a reconnect comes faster), so the bucket is wide;
// anything beyond it, or repeated refused events, is abuse: disconnect.
import { isId } from '../../../api/ids.ts';

export const MAX_CHUNK_BYTES = 1_000_000;
export const MAX_STRIKES = 5;

export class TokenBucket {
	private tokens: number;
	private at: number;
	constructor(
		private readonly capacity = 60,
		private readonly perSecond = 10,
		now = Date.now()
	) {
		this.tokens = capacity;
		this.at = now;
	}

	/** Takes one token; false when the sender is over the limit. */
	take(now = Date.now()): boolean {
		this.tokens = Math.min(this.capacity, this.tokens + ((now - this.at) / 1000) * this.perSecond);
		this.at = now;
		if (this.tokens < 1) return false;
		this.tokens -= 1;
		return true;
	}
}

export interface ChunkPayload {
	seq: number;
	data: Buffer;
}

/** A chunk event's payload, or the reason it is malformed. */
export function parseChunk(payload: unknown): ChunkPayload | 'malformed' | 'too_large' {
	if (!payload || typeof payload !== 'object') return 'malformed';
	const { seq, data } = payload as { seq?: unknown; data?: unknown };
	if (!Number.isSafeInteger(seq) || (seq as number) < 0) return 'malformed';
	if (!Buffer.isBuffer(data) || data.length === 0) return 'malformed';
	if (data.length > MAX_CHUNK_BYTES) return 'too_large';
	return { seq: seq as number, data };
}

export interface StartPayload {
	sessionId: number;
	mimeType: string;
	streamId: string;
}

export function parseStart(payload: unknown): StartPayload | null {
	if (!payload || typeof payload !== 'object') return null;
	const { sessionId, mimeType, streamId } = payload as Record<string, unknown>;
	if (!isId(sessionId)) return null;
	// WebM (Chromium, Firefox) or fragmented MP4 (Safari on iPhone/iPad records only MP4)
	if (
		typeof mimeType !== 'string' ||
		mimeType.length > 100 ||
		!/^(video|audio)\/(webm|mp4)\b/i.test(mimeType)
	)
		return null;
	if (typeof streamId !== 'string' || !/^[A-Za-z0-9_-]{8,40}$/.test(streamId)) return null;
	return { sessionId: sessionId as number, mimeType, streamId };
}

const isMp4 = (mimeType: string) => /^(video|audio)\/mp4\b/i.test(mimeType);

/** H.264 from the browser is copied into the HLS; VP8/VP9 (and HEVC) are transcoded. Safari's MP4 without codecs is H.264. */
export const sendsH264 = (mimeType: string) =>
	/codecs=[^;]*\b(h264|avc1)/i.test(mimeType) || (isMp4(mimeType) && !/codecs=/i.test(mimeType));

/** ffmpeg's input arguments for the recorder's container on stdin. */
export const inputArgs = (mimeType: string) => [
	'-f',
	isMp4(mimeType) ? 'mp4' : 'matroska',
	'-i',
	'pipe:0'
];
