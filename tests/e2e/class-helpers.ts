// For the classes e2e: the run's database, the organisation's wall clock,
// and a fake camera: a Y4M video (made with ffmpeg) showing a QR code, the
// file Chromium's --use-file-for-fake-video-capture plays as the camera.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import postgres from 'postgres';
import QRCode from 'qrcode';
import { STATE_FILE } from './global-setup';

export function database() {
	const state = JSON.parse(readFileSync(STATE_FILE, 'utf8')) as { database: string };
	const url = new URL(process.env.DATABASE_URL!);
	url.pathname = `/${state.database}`;
	return postgres(url.toString(), { max: 1, onnotice: () => {} });
}

/** yyyy-mm-ddTHH:mm in Beijing time (the demo's zone), `minutes` from now. */
export const beijing = (minutes: number) =>
	new Date(Date.now() + minutes * 60_000 + 8 * 3_600_000).toISOString().slice(0, 16);

/** Writes `file` (640×480 Y4M, a few frames) showing `text` as a QR code; blank when text is ''. */
export async function cameraShows(file: string, text: string) {
	const png = `${file}.png`;
	if (text) await QRCode.toFile(png, text, { width: 440, margin: 4 });
	const input = text
		? ['-loop', '1', '-i', png, '-vf', 'pad=640:480:(ow-iw)/2:(oh-ih)/2:white,format=yuv420p']
		: ['-f', 'lavfi', '-i', 'color=c=white:s=640x480', '-vf', 'format=yuv420p'];
	execFileSync('ffmpeg', [
		'-y',
		'-loglevel',
		'error',
		...input,
		'-r',
		'10',
		'-frames:v',
		'10',
		file
	]);
}
