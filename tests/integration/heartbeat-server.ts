// A web process for the crash test (heartbeat-crash.test.ts), run as a child
// so it can be killed with SIGKILL: the real heartbeat endpoint through the
// node:http adapter and the socket.io adapter (the app's authenticator), on
// the test's schema (HEARTBEAT_SCHEMA), with the real group commit. Prints
// `port <n>` once listening; HEARTBEAT_PORT reuses a port across a restart.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import postgres from 'postgres';
import { Server } from 'socket.io';
import { clientOptions } from '../../src/lib/server/db/index';
import * as sessionCache from '../../src/lib/server/auth/session-cache';
import * as edge from '../../src/lib/server/edge';
import { socketAuthenticator } from '../../src/lib/server/realtime/socket-auth';
import { heartbeatEndpoint } from '../../src/lib/server/progress/heartbeat-endpoint';
import { useTestDatabase } from './quiz-fixtures';
import { registerDomainReactions } from '../../src/lib/server/domains';

const sql = postgres(process.env.DATABASE_URL!, {
	...clientOptions,
	max: 6,
	connection: { search_path: process.env.HEARTBEAT_SCHEMA!, application_name: 'heartbeat-server' }
});
registerDomainReactions(); // programmes follow progress, as at app start
await useTestDatabase(sql);
await sessionCache.listen(sql);
const fast = edge.nodeEndpoint(heartbeatEndpoint, () => sql);
const server = http.createServer((req, res) => {
	if (!fast(req, res)) res.writeHead(404).end();
});
const io = new Server(server, { serveClient: false });
io.use(socketAuthenticator(() => sql));
io.on(
	'connection',
	edge.socketEndpoint(heartbeatEndpoint, 'heartbeat:send', () => sql)
);
server.listen(Number(process.env.HEARTBEAT_PORT ?? 0), '127.0.0.1', () =>
	console.log(`port ${(server.address() as AddressInfo).port}`)
);
