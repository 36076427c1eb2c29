// The HLS ladder for a source (pure, unit-tested): 240p, 360p and 720p, only
// up to the source's height; a source below 240p gets one rendition at its
// own height; plus audio-only when the source has sound. The 240p rung stays
// under 300 kbps in all (measured BANDWIDTH, TS overhead included), so a
// village link of 400 kbps plays video, not only audio.
//
// Segments: the first three are 2 s, then 6 s (a keyframe at 0, 2, 4, then
// every 6 s; the muxer cuts at each keyframe once hls_init_time has passed).
// A short first segment is what a slow link waits for before the first
// frame; 6 s after that keeps requests (one round trip each) few.

export interface VideoRendition {
	name: string;
	height: number;
	/** H.264 Main at this level; the CODECS string says the same. */
	level: string;
	codecs: string;
	videoKbps: number;
	/** The AAC bitrate muxed into this rendition. */
	audioKbps: number;
	/** VBV buffer as a multiple of the video bitrate (small = steadier peaks). */
	bufferFactor: number;
}

/** First segments of this length, then SEGMENT_S. */
export const FIRST_SEGMENT_S = 2;
export const FIRST_SEGMENTS = 3;
export const SEGMENT_S = 6;
export const AUDIO_ONLY_KBPS = 64;
export const AAC_CODEC = 'mp4a.40.2';

export function planLadder(sourceHeight: number): VideoRendition[] {
	const rungs: VideoRendition[] = [
		// 426x240 needs level 2.1 (405 macroblocks a frame); 160 + 48 kbps + TS overhead < 300 kbps.
		{
			name: '240p',
			height: 240,
			level: '2.1',
			codecs: 'avc1.4d4015',
			videoKbps: 160,
			audioKbps: 48,
			bufferFactor: 1
		},
		{
			name: '360p',
			height: 360,
			level: '3.0',
			codecs: 'avc1.4d401e',
			videoKbps: 800,
			audioKbps: 96,
			bufferFactor: 2
		},
		{
			name: '720p',
			height: 720,
			level: '3.1',
			codecs: 'avc1.4d401f',
			videoKbps: 2500,
			audioKbps: 96,
			bufferFactor: 2
		}
	];
	const fit = rungs.filter((r) => r.height <= sourceHeight);
	if (fit.length) return fit;
	const h = Math.max(2, Math.floor(sourceHeight / 2) * 2);
	return [
		{
			name: `${h}p`,
			height: h,
			level: '3.0',
			codecs: 'avc1.4d401e',
			videoKbps: 160,
			audioKbps: 48,
			bufferFactor: 1
		}
	];
}

/**
 * Keyframes at 0, 2, 4 (the first three, n_forced 0..2: every 2 s), then at
 * 6, 12, 18 … ((n_forced − 2) × 6). Written out for FIRST_SEGMENT_S = 2,
 * FIRST_SEGMENTS = 3, SEGMENT_S = 6.
 */
export const KEYFRAMES = 'expr:if(lt(n_forced,3),gte(t,n_forced*2),gte(t,(n_forced-2)*6))';

/** ffmpeg arguments for one pass that writes every rendition (one decode, several encodes). */
export function ffmpegArgs(
	source: string,
	outDir: string,
	ladder: VideoRendition[],
	hasAudio: boolean
): string[] {
	const n = ladder.length;
	const split = n > 1 ? `[0:v]split=${n}${ladder.map((_, i) => `[s${i}]`).join('')};` : '';
	const scales = ladder
		.map(
			(r, i) => `[${n > 1 ? `s${i}` : '0:v'}]scale=-2:${r.height},setsar=1,format=yuv420p[v${i}]`
		)
		.join(';');
	const args = [
		'-hide_banner',
		'-nostdin',
		'-y',
		'-loglevel',
		'error',
		'-nostats',
		'-progress',
		'pipe:1',
		'-i',
		source
	];
	args.push('-filter_complex', split + scales);
	// Audio-only has a keyframe in every packet: with an init time every segment would be 2 s.
	const hls = (name: string, shortFirst = true) => [
		'-f',
		'hls',
		...(shortFirst ? ['-hls_init_time', String(FIRST_SEGMENT_S)] : []),
		'-hls_time',
		String(SEGMENT_S),
		'-hls_playlist_type',
		'vod',
		'-hls_flags',
		'independent_segments',
		'-hls_segment_filename',
		`${outDir}/${name}/seg_%03d.ts`,
		`${outDir}/${name}/index.m3u8`
	];
	ladder.forEach((r, i) => {
		args.push('-map', `[v${i}]`);
		if (hasAudio) args.push('-map', '0:a:0');
		args.push(
			'-c:v',
			'libx264',
			'-profile:v',
			'main',
			'-level:v',
			r.level,
			'-preset',
			'veryfast',
			'-b:v',
			`${r.videoKbps}k`,
			'-maxrate',
			`${Math.round(r.videoKbps * 1.2)}k`,
			'-bufsize',
			`${r.videoKbps * r.bufferFactor}k`,
			// Keyframes exactly at the segment boundaries (see the top of this file).
			'-force_key_frames',
			KEYFRAMES,
			'-sc_threshold',
			'0'
		);
		if (hasAudio) args.push('-c:a', 'aac', '-b:a', `${r.audioKbps}k`, '-ac', '2');
		args.push(...hls(r.name));
	});
	if (hasAudio) {
		args.push(
			'-map',
			'0:a:0',
			'-vn',
			'-c:a',
			'aac',
			'-b:a',
			`${AUDIO_ONLY_KBPS}k`,
			'-ac',
			'2',
			...hls('audio', false)
		);
	}
	return args;
}
