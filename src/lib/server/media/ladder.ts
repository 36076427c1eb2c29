// The HLS ladder for a source (pure, unit-tested): 360p and 720p, only up to
// the source's height; a source below 360p gets one rendition at its own
// height; plus audio-only when the source has sound.

export interface VideoRendition {
	name: string;
	height: number;
	/** H.264 Main at this level; the CODECS string says the same. */
	level: string;
	codecs: string;
	videoKbps: number;
}

const AUDIO_KBPS = 96;
export const AUDIO_ONLY_KBPS = 64;
export const AAC_CODEC = 'mp4a.40.2';

export function planLadder(sourceHeight: number): VideoRendition[] {
	const rungs: VideoRendition[] = [
		{ name: '360p', height: 360, level: '3.0', codecs: 'avc1.4d401e', videoKbps: 800 },
		{ name: '720p', height: 720, level: '3.1', codecs: 'avc1.4d401f', videoKbps: 2500 }
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
			videoKbps: Math.max(200, Math.round((800 * h) / 360))
		}
	];
}

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
	const hls = (name: string) => [
		'-f',
		'hls',
		'-hls_time',
		'6',
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
			`${r.videoKbps * 2}k`,
			// A keyframe every 6 s exactly, so every segment starts with one and lasts 6 s.
			'-force_key_frames',
			'expr:gte(t,n_forced*6)',
			'-sc_threshold',
			'0'
		);
		if (hasAudio) args.push('-c:a', 'aac', '-b:a', `${AUDIO_KBPS}k`, '-ac', '2');
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
			...hls('audio')
		);
	}
	return args;
}
