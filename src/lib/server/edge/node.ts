// The node:http side of the edge: fast paths the production entry
// (server/index.js) answers before the kit handler, and the adapter that
// serves a JsonEndpoint (endpoint.ts) there. The high-rate requests
// (heartbeats: 45,000 learners → 4,500/s; a deadline rush of quiz submits)
// skip kit's per-request cost (Request objects, hooks, middleware) but keep
// its rules: the same session policy, JSON only (anything else is declined
// to kit and its CSRF check), the same body caps, answers and languages.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { db } from '../db/index.ts';
import * as sessionCache from '../auth/session-cache.ts';
import { readJsonIncoming } from './body.ts';
import {
	parseCookies,
	serializeCookie,
	sessionCookieAttributes,
	SESSION_COOKIE
} from './cookies.ts';
import { sessionReply, type JsonEndpoint } from './endpoint.ts';
import { crossSite, reply, serverError, type Reply } from './errors.ts';
import { requestLocale, type Locale } from './locale.ts';
import { publicOrigin, sameOrigin, stampForKit } from './origin.ts';
import { debugging, log, REQUEST_ID, requestId } from '../ops/log.js';
import { routeObserver } from '../ops/metrics.ts';

export type FastPath = (req: IncomingMessage, res: ServerResponse) => boolean;

/** Called at start (kit init hook); handleNodeRequest consults these. Replaces a same-named one (dev reloads). */
export function registerFastPath(fast: FastPath) {
	const g = globalThis as { __xuefanFastPaths?: FastPath[] };
	g.__xuefanFastPaths = [...(g.__xuefanFastPaths ?? []).filter((f) => f.name !== fast.name), fast];
}

const encrypted = (req: IncomingMessage) => 'encrypted' in req.socket && !!req.socket.encrypted;

/**
 * server/index.js hands every request here before kit: a fast path may take
 * it (true); otherwise the origin decision is stamped for adapter-node (see
 * origin.ts) and kit answers.
 */
export function handleNodeRequest(req: IncomingMessage, res: ServerResponse): boolean {
	// One request id from here on (nginx's X-Request-Id, or a fresh one): kit reads it from the header.
	const id = requestId(req.headers[REQUEST_ID]);
	req.headers[REQUEST_ID] = id;
	res.setHeader(REQUEST_ID, id);
	for (const fast of (globalThis as { __xuefanFastPaths?: FastPath[] }).__xuefanFastPaths ?? [])
		if (fast(req, res)) return true;
	// Only what goes on to kit needs the stamp (a heartbeat should not pay for a URL parse).
	stampForKit(req.headers, encrypted(req));
	return false;
}

/** Called once at start (kit init hook): server/index.js refuses to serve without it. */
export function registerNodeEdge() {
	(globalThis as { __xuefanNodeEdge?: typeof handleNodeRequest }).__xuefanNodeEdge =
		handleNodeRequest;
}

/** `req` given when the body may be unread: the connection is closed after the answer. */
export function send(
	res: ServerResponse,
	r: Reply,
	req?: IncomingMessage,
	extra: Record<string, string> = {}
) {
	const text = JSON.stringify(r.body);
	res.writeHead(r.status, {
		'content-type': 'application/json',
		'content-length': Buffer.byteLength(text),
		'cache-control': 'no-store',
		...(req && !req.complete ? { connection: 'close' } : {}),
		...(r.retryAfter !== undefined ? { 'retry-after': String(r.retryAfter) } : {}),
		...extra
	});
	res.end(text);
}

/** The endpoint as a fast path: takes JSON POSTs to its path from the same origin (or no Origin); declines everything else to kit. */
export function nodeEndpoint<P>(endpoint: JsonEndpoint<P>, sql = db): FastPath {
	// The kit route id this endpoint stands for: metrics and logs never carry raw URLs.
	const route = endpoint.path.source
		.replace(/^\^|\$$/g, '')
		.replace('([^/?#]+)', `[${endpoint.paramName}]`)
		.replace(/\\\//g, '/');
	const observe = routeObserver(route, 'POST');
	const fast = (req: IncomingMessage, res: ServerResponse): boolean => {
		if (req.method !== 'POST' || !req.url) return false;
		const match = endpoint.path.exec(req.url);
		if (!match || !/^application\/json\b/i.test(req.headers['content-type'] ?? '')) return false;
		const started = performance.now();
		void serve(endpoint, sql, req, res, match[1])
			.catch((e) => {
				log().error(
					{ err: e, reqId: req.headers[REQUEST_ID], route },
					`${endpoint.name} fast path`
				);
				if (!res.headersSent)
					send(res, { status: 500, body: serverError(requestLocale(req.headers)) }, req);
			})
			// The answer is written (res.end) when serve settles: its status and time are final.
			.then(() => {
				const ms = performance.now() - started;
				observe(res.statusCode, ms / 1000);
				if (debugging())
					log().debug(
						{ reqId: req.headers[REQUEST_ID], route, status: res.statusCode, ms: Math.round(ms) },
						'request'
					);
			});
		return true;
	};
	Object.defineProperty(fast, 'name', { value: endpoint.name });
	return fast;
}

async function serve<P>(
	endpoint: JsonEndpoint<P>,
	sql: typeof db,
	req: IncomingMessage,
	res: ServerResponse,
	raw: string
) {
	// The language only matters for an error message: worked out only then.
	let locale: Locale | undefined;
	const lang = () => (locale ??= requestLocale(req.headers));
	// A browser that sends a foreign Origin is refused here as in the kit adapter.
	if (!sameOrigin(req.headers.origin, req.headers, encrypted(req)))
		return send(res, reply(403, crossSite(lang())), req);
	const token = parseCookies(req.headers.cookie)[SESSION_COOKIE];
	const found = token ? await sessionCache.validate(sql(), token) : null;
	const user = found?.user ?? null;
	const refused = sessionReply(user, lang);
	if (refused) return send(res, refused, req);
	const extra: Record<string, string> = found!.refreshed
		? {
				'set-cookie': serializeCookie(
					SESSION_COOKIE,
					token!,
					sessionCookieAttributes(publicOrigin(req.headers, encrypted(req)))
				)
			}
		: {};
	const param = endpoint.param(raw);
	if (param === null) return send(res, endpoint.notFound(lang()), req, extra);
	const body = await readJsonIncoming(req, endpoint.maxBytes);
	const header = (n: string) => {
		const v = req.headers[n];
		return Array.isArray(v) ? v[0] : v;
	};
	const out = await endpoint.handle({
		user: user!,
		param,
		body,
		header,
		get locale() {
			return lang();
		}
	});
	send(res, out, req, extra);
}
