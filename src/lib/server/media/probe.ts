// Validation before anything else: ffprobe must find a real video stream
// (not just cover art) and a duration of at most 4 hours.
import { run } from './ffmpeg.ts';

export const MAX_DURATION_SECONDS = 4 * 3600;

export type RefusalReason = 'unreadable' | 'no_video' | 'no_duration' | 'too_long';

export interface ProbeInfo {
	duration: number;
	width: number;
	height: number;
	hasAudio: boolean;
	videoCodec: string;
}

export type ProbeResult =
	{ ok: true; info: ProbeInfo } | { ok: false; reason: RefusalReason; detail?: string };

interface Stream {
	codec_type?: string;
	codec_name?: string;
	width?: number;
	height?: number;
	duration?: string;
	disposition?: { attached_pic?: number };
	side_data_list?: { rotation?: number }[];
}

type Probed = { streams?: Stream[]; format?: { duration?: string; format_name?: string } };

export async function probe(file: string): Promise<ProbeResult> {
	let json: Probed;
	try {
		const out = await run('ffprobe', [
			'-v',
			'error',
			'-print_format',
			'json',
			'-show_format',
			'-show_streams',
			file
		]);
		json = JSON.parse(out);
	} catch (e) {
		if ((e as Error).name === 'FfmpegMissingError') throw e;
		return { ok: false, reason: 'unreadable', detail: (e as Error).message };
	}
	return judge(json);
}

/** The decision on ffprobe's JSON (pure: unit-tested). */
export function judge(json: Probed): ProbeResult {
	const streams = json.streams ?? [];
	// An mp3 with cover art has a "video" stream that is one picture, and a
	// still image probes as a one-frame video: neither is a lecture.
	const still = /(^|,)(image2|[a-z0-9]+_pipe)(,|$)/.test(json.format?.format_name ?? '');
	const video = streams.find(
		(s) =>
			s.codec_type === 'video' &&
			!s.disposition?.attached_pic &&
			(s.width ?? 0) > 0 &&
			(s.height ?? 0) > 0
	);
	if (!video || still) return { ok: false, reason: 'no_video' };
	// Phone videos stored sideways play rotated: their displayed height is the width.
	const rotation =
		Math.abs(video.side_data_list?.find((d) => d.rotation !== undefined)?.rotation ?? 0) % 180;
	const duration = Number(json.format?.duration ?? video.duration);
	if (!Number.isFinite(duration) || duration <= 0) return { ok: false, reason: 'no_duration' };
	if (duration > MAX_DURATION_SECONDS) return { ok: false, reason: 'too_long' };
	return {
		ok: true,
		info: {
			duration,
			width: rotation === 90 ? video.height! : video.width!,
			height: rotation === 90 ? video.width! : video.height!,
			hasAudio: streams.some((s) => s.codec_type === 'audio'),
			videoCodec: video.codec_name ?? ''
		}
	};
}
