// Source → HLS: one ffmpeg pass writes every rendition (H.264 Main veryfast +
// AAC, 6 s segments), then a poster at ~10% and a master playlist written by
// us with BANDWIDTH (measured from the segments), RESOLUTION and CODECS.
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { run } from './ffmpeg.ts';
import { AAC_CODEC, ffmpegArgs, planLadder } from './ladder.ts';
import type { ProbeInfo } from './probe.ts';

export interface Rendition {
	name: string;
	/** null for audio-only */
	width: number | null;
	height: number | null;
	codecs: string;
	bandwidth: number;
	averageBandwidth: number;
}

export interface TranscodeOptions {
	signal?: AbortSignal;
	/** 0..100, called as ffmpeg reports out_time (several times a second). */
	onProgress?: (percent: number) => void;
}

/** Transcodes `source` into `outDir` (everything but the source there is replaced). */
export async function transcode(
	source: string,
	outDir: string,
	info: ProbeInfo,
	options: TranscodeOptions = {}
): Promise<Rendition[]> {
	await clearOutputs(outDir, source);
	const ladder = planLadder(info.height);
	const names = [...ladder.map((r) => r.name), ...(info.hasAudio ? ['audio'] : [])];
	for (const n of names) await mkdir(path.join(outDir, n), { recursive: true });

	let buffer = '';
	await run('ffmpeg', ffmpegArgs(source, outDir, ladder, info.hasAudio), {
		signal: options.signal,
		onStdout: (chunk) => {
			buffer += chunk;
			const lines = buffer.split('\n');
			buffer = lines.pop() ?? '';
			for (const line of lines) {
				// out_time_us (and the misnamed out_time_ms) are microseconds.
				const m = /^out_time_(?:us|ms)=(\d+)/.exec(line);
				if (m) options.onProgress?.(Math.min(99, (Number(m[1]) / 1e6 / info.duration) * 100));
			}
		}
	});

	await run(
		'ffmpeg',
		[
			'-hide_banner',
			'-nostdin',
			'-y',
			'-loglevel',
			'error',
			'-ss',
			(info.duration * 0.1).toFixed(2),
			'-i',
			source,
			'-frames:v',
			'1',
			'-vf',
			`scale=-2:${Math.min(720, Math.floor(info.height / 2) * 2)}`,
			'-q:v',
			'4',
			path.join(outDir, 'poster.jpg')
		],
		{ signal: options.signal }
	);

	const renditions: Rendition[] = [];
	for (const r of ladder) {
		const { width, height } = await segmentSize(path.join(outDir, r.name));
		renditions.push({
			name: r.name,
			width,
			height,
			codecs: info.hasAudio ? `${r.codecs},${AAC_CODEC}` : r.codecs,
			...(await bandwidth(path.join(outDir, r.name)))
		});
	}
	if (info.hasAudio)
		renditions.push({
			name: 'audio',
			width: null,
			height: null,
			codecs: AAC_CODEC,
			...(await bandwidth(path.join(outDir, 'audio')))
		});
	await writeFile(path.join(outDir, 'master.m3u8'), masterPlaylist(renditions));
	options.onProgress?.(100);
	return renditions;
}

export function masterPlaylist(renditions: Rendition[]): string {
	const lines = ['#EXTM3U', '#EXT-X-VERSION:3', '#EXT-X-INDEPENDENT-SEGMENTS'];
	for (const r of renditions) {
		const attrs = [`BANDWIDTH=${r.bandwidth}`, `AVERAGE-BANDWIDTH=${r.averageBandwidth}`];
		if (r.width && r.height) attrs.push(`RESOLUTION=${r.width}x${r.height}`);
		attrs.push(`CODECS="${r.codecs}"`);
		lines.push(`#EXT-X-STREAM-INF:${attrs.join(',')}`, `${r.name}/index.m3u8`);
	}
	return lines.join('\n') + '\n';
}

/** Segment durations from a media playlist. */
export function segmentDurations(playlist: string): { file: string; duration: number }[] {
	const out: { file: string; duration: number }[] = [];
	let pending: number | null = null;
	for (const line of playlist.split('\n').map((l) => l.trim())) {
		const m = /^#EXTINF:([\d.]+)/.exec(line);
		if (m) pending = Number(m[1]);
		else if (line && !line.startsWith('#') && pending !== null) {
			out.push({ file: line, duration: pending });
			pending = null;
		}
	}
	return out;
}

/** Peak and average bits per second over the segments actually written. */
async function bandwidth(dir: string): Promise<{ bandwidth: number; averageBandwidth: number }> {
	const segments = segmentDurations(await readFile(path.join(dir, 'index.m3u8'), 'utf8'));
	let peak = 0;
	let bits = 0;
	let seconds = 0;
	for (const s of segments) {
		const size = (await stat(path.join(dir, s.file))).size * 8;
		bits += size;
		seconds += s.duration;
		if (s.duration > 0.5) peak = Math.max(peak, size / s.duration);
	}
	const average = seconds > 0 ? bits / seconds : 0;
	return { bandwidth: Math.ceil(Math.max(peak, average)), averageBandwidth: Math.ceil(average) };
}

async function segmentSize(dir: string): Promise<{ width: number; height: number }> {
	const out = await run('ffprobe', [
		'-v',
		'error',
		'-select_streams',
		'v:0',
		'-show_entries',
		'stream=width,height',
		'-of',
		'json',
		path.join(dir, 'seg_000.ts')
	]);
	const s = JSON.parse(out).streams[0] as { width: number; height: number };
	return { width: s.width, height: s.height };
}

async function clearOutputs(outDir: string, source: string) {
	await mkdir(outDir, { recursive: true });
	for (const entry of await readdir(outDir)) {
		const p = path.join(outDir, entry);
		if (p !== path.resolve(source)) await rm(p, { recursive: true, force: true });
	}
}
