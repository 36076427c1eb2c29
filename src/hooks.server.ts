import type { Handle, ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { paraglideMiddleware } from '$lib/paraglide/server';
import * as sessionCache from '$lib/server/auth/session-cache';
import { db, startDatabase } from '$lib/server/db';
import { readYourWrites } from '$lib/server/db/read-your-writes';
import * as edge from '$lib/server/edge';
import { startJobs } from '$lib/server/jobs';
import { initMedia } from '$lib/server/media';
import { migrate } from '$lib/server/db/migrate';
import { rooms } from '$lib/api/socket-rooms';
import { attachRealtime, realtime } from '$lib/server/realtime';
import { attachIngest } from '$lib/server/live/ingest/socket';
import { seedDemoIfEmpty } from '$lib/server/seed';
import { config } from '$lib/server/config.js';
import { registerDomainReactions } from '$lib/server/domains';
import { onShutdown } from '$lib/server/shutdown';
import { heartbeatEndpoint } from '$lib/server/progress/heartbeat-endpoint';
import { submitEndpoint } from '$lib/server/quiz/submit-endpoint';
import { startOps, observeKit } from '$lib/server/ops/kit';
import { mediaAuthFastPath } from '$lib/server/media/auth-path';

export const init: ServerInit = async () => {
	// Before anything writes: programmes follow progress and org through these.
	registerDomainReactions();
	const database = await startDatabase();
	onShutdown(() => database.close());
	const applied = await migrate(database.sql);
	if (applied.length) console.log(`migrations applied: ${applied.join(', ')}`);
	// Sessions are cached from here on: ended sessions are announced by the database.
	const listening = await sessionCache.listen(database.sql);
	onShutdown(() => listening.stop());
	// Demo data only ever lands on the embedded default, never on DATABASE_URL.
	if (database.embedded && !config().noSeed) await seedDemoIfEmpty(database.sql);
	const io = (globalThis as { __xuefanIo?: import('socket.io').Server }).__xuefanIo;
	if (io) attachRealtime(io);
	// Heartbeats also ride the player's socket (HTTP stays the fallback): the same endpoint, acked after commit.
	if (io) io.on('connection', edge.socketEndpoint(heartbeatEndpoint, 'heartbeat:send', db));
	// The lecturer's browser pushes its live broadcast on the /ingest namespace.
	if (io) attachIngest(io);
	// server/index.js hands node:http requests to the edge first (origin for adapter-node, fast paths).
	edge.registerNodeEdge();
	// Heartbeats and quiz submits (a deadline rush) skip the kit pipeline in production (server/index.js asks these first).
	edge.registerFastPath(edge.nodeEndpoint(heartbeatEndpoint));
	edge.registerFastPath(edge.nodeEndpoint(submitEndpoint));
	// nginx's auth_request before it serves media files from disk (deploy/nginx).
	edge.registerFastPath(mediaAuthFastPath);
	await initMedia(database.sql);
	// After migrations and the seed: the queue picks up the seed's demo lectures.
	const jobs = await startJobs({
		sql: database.sql,
		connection: database.connection,
		notify: (userId, event) => realtime()?.to(rooms.user(userId)).emit('media:progress', event)
	});
	onShutdown(() => jobs.stop());
	// /healthz, /readyz, /metrics (fast path and XUEFAN_METRICS_PORT), metrics sources.
	await startOps({ database, jobs, io });
};

export { handleError } from '$lib/server/ops/kit';

const authenticate: Handle = async ({ event, resolve }) => {
	const token = event.cookies.get(edge.SESSION_COOKIE);
	const found = token ? await edge.validateSession(db(), token) : null;
	event.locals.user = found?.user ?? null;
	event.locals.session = found?.session ?? null;
	if (found?.refreshed) edge.setSessionCookie(event.cookies, token!, event.url);
	if (token && !found) edge.clearSessionCookie(event.cookies, event.url);
	return resolve(event);
};

// Locale: paraglide's middleware (as the `sv` add-on sets it up) on the
// request's headers with every zh* tag counted as zh-CN — the same rule the
// fast paths and sockets ask the edge for (edge.requestLocale).
const i18n: Handle = ({ event, resolve }) => {
	// Uploads must not be copied by the middleware.
	if (event.url.pathname.startsWith('/api/uploads')) return resolve(event);
	const request = new Request(event.request.url, {
		headers: edge.normaliseAcceptLanguage(event.request.headers)
	});
	return paraglideMiddleware(request, ({ locale }) =>
		resolve(event, {
			transformPageChunk: ({ html }) => html.replace('%paraglide.lang%', locale)
		})
	);
};

export const handle = sequence(observeKit, authenticate, readYourWrites, i18n);
