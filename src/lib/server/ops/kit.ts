// Operations in the kit app (hooks.server.ts): the request id, request
// metrics by route id and request logs for everything kit answers; unexpected
// errors logged with the request id; and, at start, the health checks, the
// metric sources and the ops endpoints of this web process.
import type { Handle, HandleServerError } from '@sveltejs/kit';
import type { Server } from 'socket.io';
import type { Database } from '../db/index.ts';
import { applicationName } from '../db/index.ts';
import type { Jobs } from '../jobs/index.ts';
import * as edge from '../edge/index.ts';
import { onShutdown } from '../shutdown.ts';
import { config } from '../config.js';
import { watchJobs, watchPool } from './collect.ts';
import { registerHealth } from './health.ts';
import { opsRequest, startOpsServer } from './http.ts';
import { log, REQUEST_ID, requestId } from './log.js';
import { observeRequest, watchSockets } from './metrics.ts';

export async function startOps(o: { database: Database; jobs: Jobs; io?: Server }) {
	const { sql } = o.database;
	registerHealth({
		sql: () => sql,
		jobs: () => o.jobs.boss.getDb().executeSql('select 1', [])
	});
	watchPool(sql, applicationName(), config().pgPoolMax);
	watchJobs(sql, o.jobs.schema);
	if (o.io) watchSockets(o.io);
	edge.registerFastPath(opsRequest);
	const server = await startOpsServer();
	if (server) onShutdown(() => new Promise<void>((r) => server.close(() => r())));
}

/** First in the handle sequence: the request id (the node edge set it in production), metrics, a debug line. */
export const observeKit: Handle = async ({ event, resolve }) => {
	const id = requestId(event.request.headers.get(REQUEST_ID));
	event.locals.requestId = id;
	const started = performance.now();
	const response = await resolve(event);
	const ms = performance.now() - started;
	const route = event.route.id ?? '(no route)';
	observeRequest(route, event.request.method, response.status, ms / 1000);
	log().debug(
		{ reqId: id, route, method: event.request.method, status: response.status, ms: Math.round(ms) },
		'request'
	);
	try {
		response.headers.set(REQUEST_ID, id);
	} catch {
		// A response with immutable headers (a fetched one passed through): the node edge set it already.
	}
	return response;
};

export const handleError: HandleServerError = ({ error, event, status }) => {
	log().error(
		{ err: error, reqId: event.locals.requestId, route: event.route.id, status },
		'unexpected error'
	);
};
