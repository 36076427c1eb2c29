// One ffmpeg per live input: MediaRecorder WebM (or an RTMP push) in, live
// HLS out (2 s segments, a sliding window of 6 in the playlist). Each new
// input (a reconnect, a server restart) starts a new ffmpeg with append_list:
// it continues the segment numbering and marks #EXT-X-DISCONTINUITY, so
// players carry on across the gap. omit_endlist: an input ending is not the
// session ending; ENDLIST is written once, when the lecturer ends it.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { ffmpegPath, FfmpegMissingError } from '../../media/ffmpeg.ts';
import { PLAYLIST } from '../paths.ts';

export interface WriterOptions {
	/** The browser sends H.264: copy it (no encode); otherwise VP8/VP9 → H.264. */
	copyVideo: boolean;
	/** Input args (default: WebM on stdin). RTMP uses `-listen 1 -i rtmp://…`. */
	input?: string[];
}

/** The ffmpeg arguments (pure: unit-tested). */
export function hlsArgs(dir: string, options: WriterOptions): string[] {
	const video = options.copyVideo
		? ['-c:v', 'copy']
		: [
				'-c:v',
				'libx264',
				'-preset',
				'veryfast',
				'-tune',
				'zerolatency',
				'-profile:v',
				'main',
				'-pix_fmt',
				'yuv420p',
				// screen shares can be 4K: 720p is plenty for slides and cheap on 2 cores
				'-vf',
				"scale=-2:'min(720,ih)'",
				'-b:v',
				'1800k',
				'-maxrate',
				'2200k',
				'-bufsize',
				'4000k',
				// a keyframe every 2 s so every segment starts with one
				'-g',
				'60',
				'-sc_threshold',
				'0',
				'-force_key_frames',
				'expr:gte(t,n_forced*2)'
			];
	return [
		'-hide_banner',
		'-loglevel',
		'warning',
		'-fflags',
		'+genpts',
		...(options.input ?? ['-f', 'matroska', '-i', 'pipe:0']),
		'-map',
		'0:v:0',
		'-map',
		'0:a:0?',
		...video,
		'-c:a',
		'aac',
		'-b:a',
		'96k',
		'-ac',
		'2',
		'-ar',
		'48000',
		'-f',
		'hls',
		'-hls_time',
		'2',
		'-hls_list_size',
		'6',
		'-hls_flags',
		'append_list+omit_endlist+independent_segments',
		'-hls_segment_filename',
		path.join(dir, 'seg_%d.ts'),
		path.join(dir, PLAYLIST)
	];
}

export class HlsWriter {
	private child: ChildProcess | null = null;
	private exited: Promise<number | null> = Promise.resolve(null);
	alive = false;
	stderrTail = '';

	constructor(
		readonly dir: string,
		readonly options: WriterOptions
	) {}

	async start(): Promise<void> {
		await mkdir(this.dir, { recursive: true });
		const child = spawn(ffmpegPath(), hlsArgs(this.dir, this.options), {
			stdio: ['pipe', 'ignore', 'pipe']
		});
		this.child = child;
		this.alive = true;
		child.stderr!.setEncoding('utf8').on('data', (c: string) => {
			this.stderrTail = (this.stderrTail + c).slice(-2000);
		});
		// A broken pipe after ffmpeg quit is reported by 'exit'; do not crash on it.
		child.stdin!.on('error', () => {});
		this.exited = new Promise((resolve, reject) => {
			child.on('error', (e: NodeJS.ErrnoException) => {
				this.alive = false;
				reject(e.code === 'ENOENT' ? new FfmpegMissingError('ffmpeg') : e);
			});
			child.on('exit', (code) => {
				this.alive = false;
				resolve(code);
			});
		});
		this.exited.catch(() => {});
	}

	/** Writes one chunk; resolves when ffmpeg's pipe took it (the ack to the browser waits for this). */
	write(chunk: Buffer): Promise<void> {
		const stdin = this.child?.stdin;
		if (!stdin || !this.alive || stdin.destroyed)
			return Promise.reject(new Error('ffmpeg is not running'));
		return new Promise((resolve, reject) => stdin.write(chunk, (e) => (e ? reject(e) : resolve())));
	}

	/** Bytes waiting in the pipe to ffmpeg (backpressure). */
	get pending(): number {
		return this.child?.stdin?.writableLength ?? 0;
	}

	/** Ends the input and lets ffmpeg finish its last segment; killed after `timeoutMs`. */
	finish(timeoutMs = 10_000): Promise<number | null> {
		return this.stop((child) => child.stdin?.end(), timeoutMs);
	}

	/** For RTMP: no stdin; ffmpeg quits on SIGINT after writing what it has. */
	interrupt(timeoutMs = 10_000): Promise<number | null> {
		return this.stop((child) => child.kill('SIGINT'), timeoutMs);
	}

	/** Asks ffmpeg to stop, then waits for its exit code; SIGKILL after `timeoutMs`, null if it failed. */
	private async stop(
		ask: (child: ChildProcess) => void,
		timeoutMs: number
	): Promise<number | null> {
		if (!this.child) return null;
		ask(this.child);
		const timer = setTimeout(() => this.child?.kill('SIGKILL'), timeoutMs);
		try {
			return await this.exited;
		} catch {
			return null;
		} finally {
			clearTimeout(timer);
		}
	}

	/** Resolves when ffmpeg exits (for watching an RTMP listener). */
	whenExited(): Promise<number | null> {
		return this.exited.catch(() => null);
	}
}
