// Builds the app when its sources are newer than the build (`npm start`, and
// the tests that start the real web process). Returns false when the build failed.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const BUILD_MARK = 'build/handler.js';
const SOURCES = [
	'src',
	'messages',
	'static',
	'project.inlang/settings.json',
	'svelte.config.js',
	'vite.config.ts',
	'package-lock.json'
];

/** @param {string} p @returns {number} */
function newestMtime(p) {
	if (!existsSync(p)) return 0;
	const s = statSync(p);
	if (!s.isDirectory()) return s.mtimeMs;
	let newest = s.mtimeMs;
	for (const entry of readdirSync(p)) {
		// The compiled messages are outputs of the build, not sources.
		if (entry === 'paraglide') continue;
		newest = Math.max(newest, newestMtime(path.join(p, entry)));
	}
	return newest;
}

/** @param {{ stdio?: 'inherit' | 'ignore' }} [options] */
export function buildIfStale(options = {}) {
	const built = existsSync(BUILD_MARK) ? statSync(BUILD_MARK).mtimeMs : 0;
	if (built >= Math.max(...SOURCES.map(newestMtime))) return true;
	console.log(built ? 'Sources changed: rebuilding…' : 'First start: building the app…');
	const r = spawnSync('npm', ['run', 'build'], { stdio: options.stdio ?? 'inherit' });
	return r.status === 0;
}
