// npm run bench:transcode — the transcoding real-time factor: a 60 s
// 1280x720 testsrc2 clip with sound through the real ladder (360p + 720p +
// audio-only, poster, master playlist), wall time vs media duration.
// Prints a final JSON line: {"media_seconds":…,"wall_seconds":…,"realtime_factor":…}
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { probe } from '../src/lib/server/media/probe.ts';
import { transcode } from '../src/lib/server/media/transcode.ts';

const seconds = Number(process.env.BENCH_SECONDS ?? 60);
const dir = await mkdtemp(path.join(tmpdir(), 'xuefan-bench-transcode-'));
try {
	const source = path.join(dir, 'source');
	console.log(`generating a ${seconds} s 1280x720 test clip…`);
	execFileSync('ffmpeg', [
		'-hide_banner',
		'-loglevel',
		'error',
		'-y',
		'-f',
		'lavfi',
		'-i',
		'testsrc2=size=1280x720:rate=25',
		'-f',
		'lavfi',
		'-i',
		'sine=frequency=440',
		'-t',
		String(seconds),
		'-c:v',
		'libx264',
		'-preset',
		'ultrafast',
		'-pix_fmt',
		'yuv420p',
		'-c:a',
		'aac',
		'-shortest',
		'-f',
		'mp4',
		source
	]);
	const probed = await probe(source);
	if (!probed.ok) throw new Error(`probe refused the clip: ${probed.reason}`);
	console.log(`transcoding on ${cpus().length} cores (load average ${loadavg()[0].toFixed(1)})…`);
	const started = performance.now();
	const renditions = await transcode(source, dir, probed.info);
	const wall = (performance.now() - started) / 1000;
	for (const r of renditions)
		console.log(
			`  ${r.name.padEnd(6)} ${r.width ? `${r.width}x${r.height}` : 'audio'.padEnd(8)}  ${Math.round(r.averageBandwidth / 1000)} kb/s  ${r.codecs}`
		);
	const media = probed.info.duration;
	console.log(
		JSON.stringify({
			media_seconds: Number(media.toFixed(2)),
			wall_seconds: Number(wall.toFixed(2)),
			realtime_factor: Number((media / wall).toFixed(2))
		})
	);
} finally {
	await rm(dir, { recursive: true, force: true });
}
