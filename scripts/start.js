// `npm start`: build when the sources are newer than the build, then serve.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

// XUEFAN_ROLE=worker: no app to build or serve, only the jobs (as `npm run worker`).
if (process.env.XUEFAN_ROLE?.trim().toLowerCase() === 'worker') {
	const { register } = await import('tsx/esm/api');
	register();
	await import('./worker.ts');
} else await serve();

async function serve() {
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

	const built = existsSync(BUILD_MARK) ? statSync(BUILD_MARK).mtimeMs : 0;
	if (built < Math.max(...SOURCES.map(newestMtime))) {
		console.log(built ? 'Sources changed: rebuilding…' : 'First start: building the app…');
		const r = spawnSync('npm', ['run', 'build'], { stdio: 'inherit' });
		if (r.status !== 0) process.exit(r.status ?? 1);
	}

	await import('../server/index.js');
}
