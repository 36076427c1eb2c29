// Production entry: one HTTP server for SvelteKit and socket.io. socket.io is
// attached before the kit handler is imported so the kit `init` hook finds it.
import http from 'node:http';
import { networkInterfaces } from 'node:os';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigError, config, handOriginToAdapterNode } from '../src/lib/server/config.js';
import { checkStartup } from '../src/lib/server/config-ops.js';
import { captureConsole, log } from '../src/lib/server/ops/log.js';
import { surviveLostConnections } from '../src/lib/server/db/connection-lost.js';
import { createSocketServer } from './socket.js';

// Refuse to start on a bad variable, with one line naming it.
let settings;
try {
	settings = config();
	if (!settings.ops.servesHttp)
		throw new ConfigError(
			'XUEFAN_ROLE: worker processes start with `npm run worker` (or `XUEFAN_ROLE=worker npm start`), not server/index.js'
		);
	checkStartup(settings);
} catch (e) {
	if (!(e instanceof ConfigError)) throw e;
	console.error(`学帆 Xuefan: ${e.message}`);
	process.exit(1);
}
// From here on every line is JSON (pino), the app's console.* included.
captureConsole();
surviveLostConnections((e) =>
	log().warn({ err: e }, 'database connection lost under the driver (unhandled there): going on')
);
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
	log().info({ port }, `学帆 Xuefan listening on ${urls().join('  ')}`);
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
/**
 * SIGTERM/SIGINT: /readyz turns 503 and new heartbeats are refused (503, the
 * device retries elsewhere); no new connections; the heartbeat group commit
 * is flushed while the sockets can still carry the acks (nothing is acked
 * before its batch committed); then every socket is told to reconnect (to
 * another instance behind the balancer) and closed; then the jobs of this
 * process are released and the database closed. Exits within
 * XUEFAN_SHUTDOWN_TIMEOUT_MS whatever is left (exit code 1 then).
 * @param {string} signal
 */
async function shutdown(signal) {
	if (stopping) return;
	stopping = true;
	const g = /** @type {any} */ (globalThis);
	const started = Date.now();
	const limit = settings.ops.shutdownTimeoutMs;
	setTimeout(() => {
		log().error({ signal, ms: Date.now() - started }, `shutdown: not done in ${limit} ms, exiting`);
		process.exit(1);
	}, limit).unref();
	log().info({ signal }, 'shutting down: draining');
	g.__xuefanDraining = true;
	server.close();
	server.closeIdleConnections?.();
	const run = async (/** @type {string} */ what, /** @type {() => unknown} */ hook) => {
		try {
			await hook();
		} catch (e) {
			log().error({ err: e }, `shutdown: ${what}`);
		}
	};
	for (const [name, hook] of g.__xuefanDrain ?? []) await run(name, hook);
	// This instance's sockets only (io.emit would cross Redis to every instance).
	io.local.emit('server:shutdown', { reconnect: true });
	io.close();
	server.closeAllConnections?.();
	for (const hook of g.__xuefanShutdown ?? []) await run('hook', hook);
	log().info({ signal, ms: Date.now() - started }, 'shutdown: done');
	process.exit(0);
}
process.on('SIGINT', () => shutdown('SIGINT'));
process.on('SIGTERM', () => shutdown('SIGTERM'));
