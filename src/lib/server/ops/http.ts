// The operations endpoints over node:http: /healthz, /readyz and /metrics.
// On the app's port they are a fast path of the request edge (no session,
// no kit); /metrics there only with XUEFAN_METRICS_TOKEN (401 without the
// bearer token, 404 when no token is configured). On XUEFAN_METRICS_PORT
// (web and worker processes) all three are served on a port of their own.
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import { config } from '../config.js';
import { log } from './log.js';
import { readiness } from './health.ts';
import { metrics } from './metrics.ts';

function json(res: ServerResponse, status: number, body: unknown) {
	const text = JSON.stringify(body);
	res.writeHead(status, {
		'content-type': 'application/json',
		'cache-control': 'no-store',
		'content-length': Buffer.byteLength(text)
	});
	res.end(text);
}

function tokenOk(req: IncomingMessage, token: string): boolean {
	const got = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? '';
	const a = Buffer.from(got);
	const b = Buffer.from(token);
	return a.length === b.length && timingSafeEqual(a, b);
}

async function serveMetrics(res: ServerResponse) {
	const { registry } = metrics();
	const text = await registry.metrics();
	res.writeHead(200, { 'content-type': registry.contentType, 'cache-control': 'no-store' });
	res.end(text);
}

/**
 * Answers an operations request; false for anything else. `ownPort`: the
 * metrics port, where /metrics needs the token only when one is configured.
 */
export function opsRequest(req: IncomingMessage, res: ServerResponse, ownPort = false): boolean {
	if (req.method !== 'GET' && req.method !== 'HEAD') return false;
	const path = req.url?.split('?')[0];
	if (path === '/healthz') {
		json(res, 200, { status: 'up', role: config().ops.role, uptimeSeconds: process.uptime() });
		return true;
	}
	if (path === '/readyz') {
		readiness().then(
			(r) => json(res, r.ready ? 200 : 503, r),
			(e) => json(res, 503, { ready: false, checks: { process: String(e) } })
		);
		return true;
	}
	if (path === '/metrics') {
		const { metricsToken } = config().ops;
		if (!metricsToken && !ownPort) return false;
		if (metricsToken && !tokenOk(req, metricsToken)) {
			res.writeHead(401, { 'www-authenticate': 'Bearer', 'content-length': 0 }).end();
			return true;
		}
		serveMetrics(res).catch((e) => {
			log().error({ err: e }, 'metrics scrape failed');
			if (!res.headersSent) json(res, 500, { error: 'metrics' });
		});
		return true;
	}
	return false;
}

/** XUEFAN_METRICS_PORT, when set: /metrics, /healthz, /readyz on their own port. */
export async function startOpsServer(host = config().host): Promise<http.Server | null> {
	const port = config().ops.metricsPort;
	if (port === undefined) return null;
	// `vite dev` runs the init hook again after an edit: the port is the previous server's.
	const g = globalThis as { __xuefanOpsServer?: http.Server };
	const previous = g.__xuefanOpsServer;
	if (previous) await new Promise((r) => previous.close(r));
	const server = http.createServer((req, res) => {
		if (!opsRequest(req, res, true)) res.writeHead(404, { 'content-length': 0 }).end();
	});
	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, host, () => {
			g.__xuefanOpsServer = server;
			log().info({ port }, `metrics and health on http://${host}:${port}/metrics`);
			resolve(server);
		});
	});
}
