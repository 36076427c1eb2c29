// Production entry: one HTTP server for SvelteKit and socket.io. socket.io is
// attached before the kit handler is imported so the kit `init` hook finds it.
import http from 'node:http';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigError, config } from '../src/lib/server/config.js';
import { createSocketServer } from './socket.js';

// Refuse to start on a bad variable, with one line naming it.
let settings;
try {
	settings = config();
} catch (e) {
	if (!(e instanceof ConfigError)) throw e;
	console.error(`学帆 Xuefan: ${e.message}`);
	process.exit(1);
}
const { port, host } = settings;
// adapter-node reads BODY_SIZE_LIMIT itself: hand it the validated value
// (default 25M, as roster imports up to 20 MB go through form actions).
process.env.BODY_SIZE_LIMIT = settings.bodySizeLimit;

const server = http.createServer();
const io = await createSocketServer(server);
const buildDir = settings.buildDir ?? resolve(import.meta.dirname, '../build');
const { handler } = await import(pathToFileURL(resolve(buildDir, 'handler.js')).href);
server.on('request', (req, res) => {
	// Fast paths the app registers at init (the progress heartbeat endpoint,
	// src/lib/server/progress/fast-path.ts) answer before the kit handler.
	for (const fast of /** @type {any} */ (globalThis).__xuefanFastPaths ?? []) if (fast(req, res)) return;
	handler(req, res);
});
server.listen(port, host, () => {
	console.log(`学帆 Xuefan listening on http://${host === '0.0.0.0' ? 'localhost' : host}:${port}`);
});

let stopping = false;
async function shutdown(signal) {
	if (stopping) return;
	stopping = true;
	console.log(`${signal}: shutting down`);
	// Sockets first, then whatever the app registered (jobs, database).
	io.close();
	server.close();
	server.closeAllConnections?.();
	const hooks = /** @type {any} */ (globalThis).__xuefanShutdown ?? [];
	for (const hook of hooks) {
		try {
			await hook();
		} catch (e) {
			console.error(e);
		}
	}
	process.exit(0);
}
process.on('SIGINT', () => shutdown('SIGINT'));
process.on('SIGTERM', () => shutdown('SIGTERM'));
