// The socket.io server, created on the app's HTTP server before the SvelteKit
// handler loads; the kit `init` hook registers the handlers on it
// (src/lib/server/realtime). Plain JS: used by server/index.js and vite.config.ts.
//
// With REDIS_URL, instances share rooms through the Redis Streams adapter
// (@socket.io/redis-streams-adapter): broadcasts go through one stream that
// every instance reads, and connection-state recovery keeps working across
// instances (missed packets are re-read from the stream, sessions are kept in
// Redis). Without it, the in-memory adapter of a single instance.
import { Server } from 'socket.io';
import { config } from '../src/lib/server/config.js';
import { log, REQUEST_ID, requestId } from '../src/lib/server/ops/log.js';

/** How long a dropped connection may come back and get what it missed. */
export const RECOVERY_MS = 2 * 60_000;

/**
 * `httpServer` null: a server only for emitting through Redis (a worker's job progress).
 * @param {import('node:http').Server | null} httpServer
 * @param {{ redisUrl?: string, streamName?: string, maxLen?: number }} [options]
 */
export async function createSocketServer(httpServer, options = {}) {
	const io = new Server(httpServer ?? undefined, {
		serveClient: false,
		// A phone on a village network drops often: recover missed events.
		connectionStateRecovery: { maxDisconnectionDuration: RECOVERY_MS, skipMiddlewares: false }
	});
	// The handshake's request id (nginx's X-Request-Id, else a fresh one) names the socket in every log line.
	io.use((socket, next) => {
		socket.data.requestId = requestId(socket.handshake.headers[REQUEST_ID]);
		log().debug({ reqId: socket.data.requestId, sid: socket.id }, 'socket connected');
		socket.once('disconnect', (reason) =>
			log().debug({ reqId: socket.data.requestId, reason }, 'socket disconnected')
		);
		next();
	});
	const redisUrl = options.redisUrl ?? config().redisUrl;
	if (redisUrl) await useRedis(io, httpServer, redisUrl, options);
	/** @type {any} */ (globalThis).__xuefanIo = io;
	return io;
}

/**
 * @param {Server} io
 * @param {import('node:http').Server | null} httpServer
 * @param {string} url
 * @param {{ streamName?: string, maxLen?: number }} options
 */
async function useRedis(io, httpServer, url, options) {
	const { createClient } = await import('redis');
	const { createAdapter } = await import('@socket.io/redis-streams-adapter');
	const client = createClient({ url });
	client.on('error', (/** @type {Error} */ e) => log().error({ err: e }, 'redis'));
	await client.connect();
	const streamName = options.streamName ?? config().redisStream;
	// The stream must hold every broadcast of the recovery window, or a socket
	// that comes back finds its offset trimmed and starts fresh (it then
	// re-joins and gets the history, so nothing is lost, only re-read):
	// 20,000 entries = ~166 broadcasts/s over the 2-minute window.
	const maxLen = options.maxLen ?? config().redisStreamMaxLen;
	io.adapter(
		createAdapter(client, {
			streamName,
			// Pub/sub channels (serverSideEmit, fetchSockets) named after the stream, so two deployments on one Redis stay apart.
			channelPrefix: streamName,
			maxLen
		})
	);
	httpServer?.once('close', () => {
		client.close().catch(() => {});
	});
	log().info(
		`socket.io: Redis Streams adapter on ${url.replace(/\/\/[^@]*@/, '//')} (stream ${streamName})`
	);
}
