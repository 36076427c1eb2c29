// socket.io through the request edge: the same origin rule as forms, the same
// session cookie and policy, and a session ended anywhere (another instance
// signs out, an account is disabled) disconnects its sockets at once.
import { afterAll, beforeAll, expect, it } from 'vitest';
import postgres from 'postgres';
import { io as ioClient, type Socket } from 'socket.io-client';
import { createTestSchema, type TestDb } from '../../src/lib/server/db/test-schema';
import * as sessions from '../../src/lib/server/auth/sessions';
import * as sessionCache from '../../src/lib/server/auth/session-cache';
import { setActive } from '../../src/lib/server/org/people';
import { attachIngest } from '../../src/lib/server/live/ingest/socket';
import { addUnit, addUser } from './progress-fixtures';
import { startRoomServer, until, type RoomServer } from './live-server';

let t: TestDb;
let other: postgres.Sql;
let server: RoomServer;
let listening: { stop(): Promise<void> };

beforeAll(async () => {
	t = await createTestSchema();
	listening = await sessionCache.listen(t.sql);
	other = postgres(process.env.DATABASE_URL!, {
		max: 1,
		onnotice: () => {},
		connection: { search_path: t.schema }
	});
	server = await startRoomServer(t.sql);
	attachIngest(server.io, () => t.sql);
});
afterAll(async () => {
	await server.close();
	await listening.stop();
	await other.end();
	await t.drop();
});

function connect(headers: Record<string, string>, namespace = '') {
	const socket: Socket = ioClient(`http://127.0.0.1:${server.port}${namespace}`, {
		transports: ['websocket'],
		extraHeaders: headers,
		reconnection: false
	});
	return new Promise<{ socket: Socket; error?: string }>((resolve) => {
		socket.once('connect', () => resolve({ socket }));
		socket.once('connect_error', (e) => resolve({ socket, error: e.message }));
	});
}

async function signedIn() {
	const user = await addUser(t.sql, await addUnit(t.sql));
	return { user, cookie: `${sessions.COOKIE}=${await sessions.create(t.sql, user.id)}` };
}

it('refuses no session and a foreign page, on / and /ingest alike', async () => {
	const { cookie } = await signedIn();
	for (const ns of ['', '/ingest']) {
		expect((await connect({}, ns)).error).toBe('unauthorised');
		expect((await connect({ cookie, origin: 'http://evil.example' }, ns)).error).toBe('cross_site');
		const ok = await connect({ cookie, origin: `http://127.0.0.1:${server.port}` }, ns);
		expect(ok.error).toBeUndefined();
		ok.socket.close();
	}
});

it('disconnects the sockets of a session ended on another instance, and of a disabled account', async () => {
	const a = await signedIn();
	const b = await signedIn();
	const [sa, sb] = [
		(await connect({ cookie: a.cookie })).socket,
		(await connect({ cookie: b.cookie })).socket
	];
	const reasons: string[] = [];
	sa.on('disconnect', (r) => reasons.push(`a:${r}`));
	sb.on('disconnect', (r) => reasons.push(`b:${r}`));
	await other`delete from sessions where user_id = ${a.user.id}`;
	await until(() => !sa.connected, 1000, 'a disconnected');
	expect(sb.connected).toBe(true);
	expect(await setActive(other, b.user.id, false)).toBe(true); // the administrator's "disable", on the other instance
	await until(() => !sb.connected, 1000, 'b disconnected');
	expect(reasons).toEqual(['a:io server disconnect', 'b:io server disconnect']);
	expect((await connect({ cookie: a.cookie })).error).toBe('unauthorised');
});
