// Both transports of a JsonEndpoint on real sockets, for tests that run the
// same cases through each: `node` is the production fast path (what
// server/index.js asks first), `kit` the kit adapter behind the same session
// step hooks.server.ts takes (cookie → the edge's session policy → locals).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type postgres from 'postgres';
import * as edge from '../../src/lib/server/edge';

export type Transport = 'node' | 'kit';
export const TRANSPORTS: Transport[] = ['node', 'kit'];

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

/** Serves the endpoint through both adapters; `url(transport, path)` addresses one. */
export async function serveBoth<P>(endpoint: edge.JsonEndpoint<P>, sql: postgres.Sql) {
	const fast = edge.nodeEndpoint(endpoint, () => sql);
	const kit = edge.kitEndpoint(endpoint);
	const servers: Record<Transport, http.Server> = {
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
	const bases = {} as Record<Transport, string>;
	for (const t of TRANSPORTS) {
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
		) =>
			fetch(url(t, path), {
				method: 'POST',
				headers: {
					'content-type': 'application/json',
					...(token ? { cookie: `${edge.SESSION_COOKIE}=${token}` } : {}),
					...headers
				},
				body: typeof body === 'string' ? body : JSON.stringify(body)
			}),
		close: () => Promise.all(TRANSPORTS.map((t) => new Promise((r) => servers[t].close(r))))
	};
}
