// ffmpeg/ffprobe from PATH or FFMPEG_PATH/FFPROBE_PATH (Debian's 5.1 here).
// Running one we cannot find says so plainly instead of a bare ENOENT.
import { spawn, type SpawnOptions } from 'node:child_process';
import { config } from '../config.js';

export class FfmpegMissingError extends Error {
	override name = 'FfmpegMissingError';
	constructor(tool: string) {
		super(
			`${tool} not found: install it (Debian: apt-get install -y ffmpeg) or set ${tool.toUpperCase()}_PATH`
		);
	}
}

export const ffmpegPath = () => config().ffmpegPath;
export const ffprobePath = () => config().ffprobePath;

export interface RunOptions {
	signal?: AbortSignal;
	/** Called with each chunk of stdout (for -progress pipe:1). */
	onStdout?: (chunk: string) => void;
}

/** Runs a tool; resolves with stdout, rejects with the tail of stderr on a non-zero exit. */
export function run(
	tool: 'ffmpeg' | 'ffprobe',
	args: string[],
	options: RunOptions = {}
): Promise<string> {
	const bin = tool === 'ffmpeg' ? ffmpegPath() : ffprobePath();
	return new Promise((resolve, reject) => {
		const spawnOptions: SpawnOptions = {
			stdio: ['ignore', 'pipe', 'pipe'],
			signal: options.signal,
			killSignal: 'SIGKILL'
		};
		const child = spawn(bin, args, spawnOptions);
		let out = '';
		let err = '';
		child.stdout!.setEncoding('utf8').on('data', (c: string) => {
			if (options.onStdout) options.onStdout(c);
			else out += c;
		});
		child.stderr!.setEncoding('utf8').on('data', (c: string) => {
			err = (err + c).slice(-4000);
		});
		child.on('error', (e: NodeJS.ErrnoException) =>
			reject(e.code === 'ENOENT' ? new FfmpegMissingError(tool) : e)
		);
		child.on('close', (code, sig) => {
			if (code === 0) resolve(out);
			else
				reject(
					new Error(
						`${tool} failed (${sig ?? `exit ${code}`}): ${err.trim().split('\n').slice(-3).join(' | ')}`
					)
				);
		});
	});
}
