// Production entry: one HTTP server for SvelteKit and socket.io. socket.io is
// attached before the kit handler is imported so the kit `init` hook finds it.
import http from 'node:http';
import { networkInterfaces } from 'node:os';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigError, config, handOriginToAdapterNode } from '../src/lib/server/config.js';
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
// adapter-node takes each request's scheme and host from two headers the
// request edge (src/lib/server/edge/origin.ts) stamps on every request (so a
// client cannot set them): with ORIGIN unset it would otherwise assume https
// and refuse every form posted over plain http.
handOriginToAdapterNode();

const server = http.createServer();
const io = await createSocketServer(server);
const buildDir = settings.buildDir ?? resolve(import.meta.dirname, '../build');
const { handler } = await import(pathToFileURL(resolve(buildDir, 'handler.js')).href);
/** @type {((req: http.IncomingMessage, res: http.ServerResponse) => boolean) | undefined} */
const edge = /** @type {any} */ (globalThis).__xuefanNodeEdge;
if (!edge) throw new Error('the app did not register its request edge (src/hooks.server.ts init)');
server.on('request', (req, res) => {
	// The edge stamps the origin, and its fast paths (heartbeats, quiz submits) may answer before kit.
	if (!edge(req, res)) handler(req, res);
});
server.listen(port, host, () => {
	console.log(`学帆 Xuefan listening on ${urls().join('  ')}`);
});

/** The addresses a browser can open: ORIGIN when set; else localhost and this machine's network addresses. */
function urls() {
	if (settings.origin) return [settings.origin];
	if (host !== '0.0.0.0' && host !== '::')
		return [`http://${host.includes(':') ? `[${host}]` : host}:${port}`];
	const lan = Object.values(networkInterfaces())
		.flat()
		.filter((a) => a && a.family === 'IPv4' && !a.internal)
		.map((a) => `http://${a?.address}:${port}`);
	return [`http://localhost:${port}`, ...lan];
}

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
