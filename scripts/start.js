// `npm start`: build when the sources are newer than the build, then serve.
// XUEFAN_ROLE=worker: no app to build or serve, only the jobs (as `npm run worker`).
import { buildIfStale } from './build-if-stale.js';

if (process.env.XUEFAN_ROLE?.trim().toLowerCase() === 'worker') {
	const { register } = await import('tsx/esm/api');
	register();
	await import('./worker.ts');
} else {
	if (!buildIfStale()) process.exit(1);
	await import('../server/index.js');
}
