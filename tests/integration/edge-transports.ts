// The transports of a JsonEndpoint on real sockets, for tests that run the
// same cases through each: `node` is the production fast path (what
// server/index.js asks first), `kit` the kit adapter behind the same session
// step hooks.server.ts takes (cookie → the edge's session policy → locals),
// and, with `socketEvent`, `socket`: a real socket.io server with the app's
// socket authenticator and a real socket.io client whose handshake carries the
// request's cookie and headers; its ack (or a refused handshake's data) is
// turned into a Response so the same assertions read it.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type postgres from 'postgres';
import { Server } from 'socket.io';
import { io as ioClient, type Socket } from 'socket.io-client';
import * as edge from '../../src/lib/server/edge';
import { socketAuthenticator } from '../../src/lib/server/realtime/socket-auth';
import type { SocketAnswer } from '../../src/lib/api/socket-events';

export type Transport = 'node' | 'kit' | 'socket';
/** The HTTP adapters (every JsonEndpoint). */
export const TRANSPORTS: Transport[] = ['node', 'kit'];
/** With the socket adapter (endpoints served over socket.io too: heartbeats). */
export const ALL_TRANSPORTS: Transport[] = ['node', 'kit', 'socket'];

const asResponse = (a: SocketAnswer) =>
	new Response(JSON.stringify(a.body), {
		status: a.status,
		headers: {
			'content-type': 'application/json',
			...(a.retryAfter !== undefined ? { 'retry-after': String(a.retryAfter) } : {})
		}
	});

/** One client socket per (cookie, headers), opened on first use and again once dropped. */
function socketClients(base: () => string) {
	const open = new Map<string, Socket>();
	async function connected(headers: Record<string, string>): Promise<Socket | Response> {
		const key = JSON.stringify(headers);
		const known = open.get(key);
		if (known?.connected) return known;
		known?.close();
		open.delete(key);
		const socket = ioClient(base(), {
			transports: ['websocket'],
			extraHeaders: headers,
			reconnection: false
		});
		return new Promise((resolve) => {
			socket.once('connect', () => {
				open.set(key, socket);
				resolve(socket);
			});
			socket.once('connect_error', (e: Error & { data?: edge.Reply }) => {
				socket.close();
				resolve(asResponse(e.data ?? { status: 0, body: { error: e.message } }));
			});
		});
	}
	return {
		async emit(event: string, raw: string, text: string, headers: Record<string, string>) {
			const socket = await connected(headers);
			if (socket instanceof Response) return socket;
			try {
				return asResponse(await socket.timeout(20_000).emitWithAck(event, raw, text));
			} catch {
				// Disconnected meanwhile (a session ended): the next attempt opens anew and is refused.
				return connected(headers).then((s) =>
					s instanceof Response ? s : asResponse({ status: 0, body: {} })
				);
			}
		},
		close() {
			for (const s of open.values()) s.close();
			open.clear();
		}
	};
}

async function toRequest(req: http.IncomingMessage, base: string): Promise<Request> {
	const chunks: Buffer[] = [];
	for await (const c of req) chunks.push(c as Buffer);
	const headers = new Headers();
	for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers.set(k, v);
	return new Request(new URL(req.url!, base), {
		method: req.method,
		headers,
		body: chunks.length ? Buffer.concat(chunks) : undefined
	});
}

/** Serves the endpoint through each adapter; `url(transport, path)` addresses an HTTP one. */
export async function serveBoth<P>(
	endpoint: edge.JsonEndpoint<P>,
	sql: postgres.Sql,
	options: { socketEvent?: string } = {}
) {
	const fast = edge.nodeEndpoint(endpoint, () => sql);
	const kit = edge.kitEndpoint(endpoint);
	const servers: Record<Transport, http.Server> = {
		socket: http.createServer(),
		node: http.createServer((req, res) => {
			if (!fast(req, res)) res.writeHead(418).end(); // declined: kit would answer
		}),
		kit: http.createServer(async (req, res) => {
			const origin = `http://${req.headers.host}`;
			const request = await toRequest(req, origin);
			const url = new URL(request.url);
			const match = endpoint.path.exec(url.pathname);
			if (!match) return void res.writeHead(404).end();
			const token = edge.parseCookies(req.headers.cookie)[edge.SESSION_COOKIE];
			const found = token ? await edge.validateSession(sql, token) : null;
			const locals = { user: found?.user ?? null, session: found?.session ?? null };
			const response = await kit({
				request,
				url,
				locals,
				params: { [endpoint.paramName]: match[1] }
			});
			res
				.writeHead(response.status, Object.fromEntries(response.headers))
				.end(Buffer.from(await response.arrayBuffer()));
		})
	};
	const io = new Server(servers.socket, { serveClient: false });
	io.use(socketAuthenticator(() => sql));
	if (options.socketEvent)
		io.on(
			'connection',
			edge.socketEndpoint(endpoint, options.socketEvent, () => sql)
		);
	const bases = {} as Record<Transport, string>;
	const sockets = socketClients(() => bases.socket);
	for (const t of ALL_TRANSPORTS) {
		await new Promise<void>((r) => servers[t].listen(0, '127.0.0.1', r));
		bases[t] = `http://127.0.0.1:${(servers[t].address() as AddressInfo).port}`;
	}
	const url = (t: Transport, path: string) => `${bases[t]}${path}`;
	return {
		url,
		/** A JSON POST as a browser sends it: `token` in the session cookie, `body` as is when a string. */
		post: (
			t: Transport,
			path: string,
			token: string | null,
			body: unknown,
			headers: Record<string, string> = {}
		) => {
			const text = typeof body === 'string' ? body : JSON.stringify(body);
			if (t === 'socket') {
				if (!options.socketEvent) throw new Error(`${endpoint.name} is not served over the socket`);
				const cookie = token ? `${edge.SESSION_COOKIE}=${token}` : undefined;
				const all = { ...(cookie ? { cookie } : {}), ...headers };
				return sockets.emit(options.socketEvent, endpoint.path.exec(path)?.[1] ?? '', text, all);
			}
			return fetch(url(t, path), {
				method: 'POST',
				headers: {
					'content-type': 'application/json',
					...(token ? { cookie: `${edge.SESSION_COOKIE}=${token}` } : {}),
					...headers
				},
				body: text
			});
		},
		close: async () => {
			sockets.close();
			await new Promise((r) => io.close(r));
			await Promise.all(
				ALL_TRANSPORTS.map(
					(t) => new Promise((r) => (servers[t].listening ? servers[t].close(r) : r(null)))
				)
			);
		}
	};
}
