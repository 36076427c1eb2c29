// Metrics and logs of a real web process (server/index.js, production build)
// at XUEFAN_LOG_LEVEL=debug, driven through a password login (the kit form),
// heartbeats over HTTP (node:http fast path) and over a socket, and a live
// room join: /metrics needs the token (401 without), its series move with
// the traffic; the captured log is JSON lines that carry each request id and
// never the password, the session cookie's value or the metrics token.
import { randomBytes } from 'node:crypto';
import PgBoss from 'pg-boss';
import type postgres from 'postgres';
import { io as ioClient } from 'socket.io-client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { LiveRoom } from '../../src/lib/client/live-room.svelte';
import { startPlayback } from '../../src/lib/server/progress/playbacks';
import { addPerson, addSession, addUnit } from './live-fixtures';
import { addCourse, addUser } from './progress-fixtures';
import { until } from './live-server';
import {
	connect,
	ensureBuild,
	freshDatabase,
	signIn,
	startWeb,
	stopWeb,
	type WebProcess
} from './web-process';

const TOKEN = `metrics-${randomBytes(16).toString('hex')}`;
const PASSWORD = `Pw-${randomBytes(8).toString('hex')}`;
const ids = {
	login: `login-${randomBytes(4).toString('hex')}`,
	hb: `hb-${randomBytes(4).toString('hex')}`,
	sock: `sock-${randomBytes(4).toString('hex')}`
};
let db: Awaited<ReturnType<typeof freshDatabase>>;
let sql: postgres.Sql;
let web: WebProcess | undefined;

beforeAll(async () => {
	await ensureBuild();
	db = await freshDatabase('ob');
	web = await startWeb(
		{ DATABASE_URL: db.url, XUEFAN_LOG_LEVEL: 'debug', XUEFAN_METRICS_TOKEN: TOKEN },
		4358
	);
	sql = connect(db.url);
}, 600_000);

afterAll(async () => {
	await stopWeb(web);
	await sql?.end();
	await db?.drop();
}, 60_000);

async function scrape(token?: string) {
	const res = await fetch(`${web!.base}/metrics`, {
		headers: token ? { authorization: `Bearer ${token}` } : {}
	});
	return { status: res.status, text: await res.text() };
}
/** The value of one series (labels as written by prom-client), 0 when absent. */
function value(text: string, series: string): number {
	const line = text.split('\n').find((l) => l.startsWith(`${series} `));
	return line ? Number(line.slice(series.length + 1)) : 0;
}

it('metrics move with traffic, behind the token; logs carry request ids and no secrets', async () => {
	expect((await scrape()).status).toBe(401);
	expect((await scrape('x'.repeat(TOKEN.length))).status).toBe(401);
	const before = (await scrape(TOKEN)).text;

	const unit = await addUnit(sql);
	const lecturer = await addPerson(sql, unit, ['lecturer'], '主讲');
	const learner = await addUser(sql, unit);
	const { cookie, token } = await signIn(sql, web!, learner, PASSWORD, ids.login);
	const {
		lessonIds: [lessonId]
	} = await addCourse(sql, { durations: [600] });
	const started = await startPlayback(sql, learner, { lessonId, deviceId: 'd' });
	if (!started.ok) throw new Error('playback');
	const pid = started.playback.playbackId;
	const beat = (seq: number) =>
		JSON.stringify({ seq, intervals: [[seq - 1, seq]], position: seq, rate: 1, event: 'tick' });
	for (let seq = 1; seq <= 5; seq++) {
		const res = await fetch(`${web!.base}/api/playbacks/${pid}/heartbeats`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', cookie, 'x-request-id': ids.hb },
			body: beat(seq)
		});
		expect(res.status).toBe(200);
		expect(res.headers.get('x-request-id')).toBe(ids.hb);
	}
	const page = await fetch(`${web!.base}/`, { headers: { cookie } });
	expect(page.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/); // made at the edge
	const socket = ioClient(web!.base, {
		transports: ['websocket'],
		extraHeaders: { cookie, 'x-request-id': ids.sock }
	});
	const sessionId = await addSession(sql, { lecturerId: lecturer.id, unitIds: [unit] });
	const room = new LiveRoom(sessionId, async () => socket);
	await room.start();
	await until(() => room.joined || room.joinError !== null, 10_000, 'live room joined');
	expect(room.joined).toBe(true);
	const ack = await socket.timeout(10_000).emitWithAck('heartbeat:send', pid, beat(6));
	expect(ack.status).toBe(200);

	// A job waiting in the queue (not due for an hour): the depth series moves by one.
	const boss = new PgBoss({ connectionString: db.url, max: 1, supervise: false, schedule: false });
	await boss.start();
	await boss.send('transcode', { assetId: 'none' }, { startAfter: 3600 });
	await boss.stop({ graceful: false, close: true });

	const after = (await scrape(TOKEN)).text;
	room.stop();
	socket.close();
	const hb =
		'xuefan_http_requests_total{route="/api/playbacks/[id]/heartbeats",method="POST",status="200"}';
	expect(value(after, hb) - value(before, hb)).toBe(5);
	const login = 'xuefan_http_request_duration_seconds_count{route="/login",method="POST"}';
	expect(value(after, login) - value(before, login)).toBe(1);
	const batches = 'xuefan_heartbeat_batch_size_count';
	expect(value(after, batches) - value(before, batches)).toBeGreaterThanOrEqual(1);
	expect(
		value(after, 'xuefan_heartbeat_batch_size_sum') -
			value(before, 'xuefan_heartbeat_batch_size_sum')
	).toBe(6);
	expect(
		value(after, 'xuefan_heartbeat_commit_seconds_count{outcome="committed"}')
	).toBeGreaterThanOrEqual(1);
	expect(value(after, 'xuefan_sockets')).toBeGreaterThanOrEqual(1);
	expect(value(after, `xuefan_live_session_sockets{session="${sessionId}"}`)).toBe(1);
	expect(value(after, 'xuefan_pg_pool_connections{state="max"}')).toBe(10);
	expect(value(after, 'xuefan_pg_pool_connections{state="active"}')).toBeGreaterThanOrEqual(1);
	const depth = 'xuefan_jobs{queue="transcode",state="created"}';
	expect(before).toContain(`${depth} 0`);
	expect(value(after, depth)).toBe(1);
	expect(after).toContain('xuefan_jobs{queue="live-replay",state="failed"} 0');
	expect(after).not.toMatch(/route="\/api\/playbacks\/[0-9a-f]{8}-/); // route ids, never raw URLs

	// Let the last lines reach the pipe, then read the log as an operator would.
	await new Promise((r) => setTimeout(r, 500));
	const log = web!.log();
	for (const secret of [PASSWORD, token, TOKEN]) expect(log).not.toContain(secret);
	const lines = log.split('\n').filter(Boolean);
	for (const l of lines) expect(() => JSON.parse(l), l).not.toThrow();
	const records = lines.map((l) => JSON.parse(l));
	const withId = (id: string) => records.filter((r) => r.reqId === id);
	expect(withId(ids.login).some((r) => r.route === '/login' && r.status === 303)).toBe(true);
	expect(withId(ids.hb).filter((r) => r.msg === 'request' && r.status === 200)).toHaveLength(5);
	expect(withId(ids.sock).some((r) => r.msg === 'socket connected')).toBe(true);
	expect(withId(ids.sock).some((r) => r.msg === 'socket event' && r.status === 200)).toBe(true);
}, 120_000);
