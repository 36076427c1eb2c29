// Two web instances behind nginx on one PostgreSQL and one Redis: what one
// instance accepted, the other serves. Requests that must land on a given
// instance go straight to its port with the headers nginx would add; the
// others go through nginx.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { hashPassword } from '../../src/lib/server/auth/passwords';
import { addPerson, addSession, addUnit } from '../integration/live-fixtures';
import { startCluster, type Cluster } from './cluster';
import { forwarded, request, roomClient, socketTo, until } from './clients';
import { peopleExport, publishedReport, reportPage } from './report-fixtures';

let c: Cluster;
let A: number;
let B: number;
beforeAll(async () => {
	c = await startCluster();
	[A, B] = c.web.map((i) => i.port);
}, 120_000);
afterAll(async () => {
	await c?.stop();
});

const json = (r: { body: string }) => JSON.parse(r.body);

it('nginx forwards to both instances, with a request id it makes or keeps', async () => {
	const r = await request(c.port, '/login');
	expect(r.status).toBe(200);
	expect(r.headers['x-request-id']).toMatch(/^[0-9a-f]{32}$/);
	const kept = await request(c.port, '/login', { headers: { 'x-request-id': 'lb-1234567890' } });
	expect(kept.headers['x-request-id']).toBe('lb-1234567890');
	const bad = await request(c.port, '/login', { headers: { 'x-request-id': 'x y' } });
	expect(bad.headers['x-request-id']).toMatch(/^[0-9a-f]{32}$/);
});

it('/readyz is 200 on both instances and through nginx, Redis included', async () => {
	for (const port of [A, B, c.port]) {
		const r = await request(port, '/readyz');
		expect(JSON.parse(r.body)).toEqual({
			ready: true,
			checks: { database: 'ok', migrations: 'ok', jobs: 'ok', redis: 'ok' }
		});
		expect(r.status).toBe(200);
	}
});

const LESSON_S = 4;
const hb = (seq: number, from: number, to: number) =>
	JSON.stringify({
		seq,
		intervals: [[from, to]],
		position: to,
		rate: 1,
		event: 'tick',
		sentAt: Date.now()
	});

it('heartbeats accepted by A are in the unit leader’s completion report B serves (page and export)', async () => {
	const r = await publishedReport(c.sql, ['学员甲', '学员乙', '学员丙'], LESSON_S);
	const [done, half, idle] = r.learners;
	const before = await reportPage(B, r);
	// [完成率, 应学, 已完成, 学习中, 未开始, 逾期]
	expect(before.total).toEqual(['0.0%', '4', '0', '0', '4', '0']); // three learners and the leader
	expect(before.people.get(done.id)!.slice(0, 3)).toEqual(['未开始', '0/1', '0%']);

	const h = { ...forwarded('10.0.0.7'), origin: c.url };
	const start = async (cookie: string) => {
		const res = await request(A, '/api/playbacks', {
			body: JSON.stringify({ lessonId: r.lessonId, deviceId: 'pc' }),
			cookie,
			headers: h
		});
		expect(res.status).toBe(201);
		return json(res).playbackId as string;
	};
	const [pDone, pHalf] = [await start(done.cookie), await start(half.cookie)];
	const socket = socketTo(A, half.cookie, '10.0.0.8');
	try {
		await until(() => socket.connected, 5000, 'socket on A');
		// the server credits at most the wall time since the playback started
		await new Promise((res) => setTimeout(res, LESSON_S * 1000 + 300));
		// the whole lesson over HTTP, half of it over the socket: both on A
		const whole = await request(A, `/api/playbacks/${pDone}/heartbeats`, {
			body: hb(1, 0, LESSON_S),
			cookie: done.cookie,
			headers: h
		});
		expect(whole.status).toBe(200);
		expect(json(whole)).toMatchObject({
			creditedSeconds: LESSON_S,
			completed: true,
			courseCompleted: true
		});
		const part = await socket
			.timeout(5000)
			.emitWithAck('heartbeat:send', pHalf, hb(1, 0, LESSON_S / 2));
		expect(part).toMatchObject({
			status: 200,
			body: { creditedSeconds: LESSON_S / 2, completed: false }
		});
	} finally {
		socket.close();
	}

	// B's report page: one completed, one studying (50 % watched), one (and the leader) not started
	const after = await reportPage(B, r);
	expect(after.total).toEqual(['25.0%', '4', '1', '1', '2', '0']);
	expect(after.people.get(done.id)!.slice(0, 3)).toEqual(['已完成', '1/1', '100%']);
	expect(after.people.get(half.id)!.slice(0, 3)).toEqual(['学习中', '0/1', '50%']);
	expect(after.people.get(idle.id)!.slice(0, 3)).toEqual(['未开始', '0/1', '0%']);
	// B's people export says the same
	expect(Object.fromEntries(await peopleExport(B, r, c.url))).toEqual({
		学员甲: ['已完成', '1/1', 1],
		学员乙: ['学习中', '0/1', 0.5],
		学员丙: ['未开始', '0/1', 0],
		县领导: ['未开始', '0/1', 0]
	});
	// and through nginx, whichever instance answers
	for (let i = 0; i < 2; i++) expect((await reportPage(c.port, r)).total).toEqual(after.total);
});

const loginForm = (no: string, password: string) =>
	new URLSearchParams({ employeeNo: no, password, next: '/' }).toString();
const login = (port: number, no: string, password: string, ip: string) =>
	request(port, '/login', {
		body: loginForm(no, password),
		contentType: 'application/x-www-form-urlencoded',
		headers: { ...(port === c.port ? {} : forwarded(ip)), origin: c.url, accept: 'text/html' }
	});

async function personWithPassword(password: string) {
	const unit = await addUnit(c.sql);
	const p = await addPerson(c.sql, unit);
	await c.sql`update users set password_hash = ${await hashPassword(password)} where id = ${p.id}`;
	return p;
}

it('a login on A is a session on B (and through nginx)', async () => {
	const p = await personWithPassword('Correct-horse-9');
	const r = await login(A, p.employeeNo, 'Correct-horse-9', '10.0.1.1');
	expect(r.status).toBe(303);
	const cookie = String(r.headers['set-cookie']).split(';')[0];
	expect(cookie).toMatch(/=/);
	const home = await request(B, '/', { cookie, headers: forwarded('10.0.1.1') });
	expect(home.status).toBe(200);
	expect(Buffer.from(home.body, 'latin1').toString('utf8')).not.toContain('name="password"');
	const signedOut = await request(B, '/', { headers: forwarded('10.0.1.1') });
	expect(signedOut.status).toBe(303);
	for (let i = 0; i < 2; i++) expect((await request(c.port, '/', { cookie })).status).toBe(200);
});

it('login throttling counts the failures of every instance', async () => {
	const p = await personWithPassword('Right-password-1');
	// 10 wrong passwords, alternately on A and on B, from different addresses (the account key counts)
	for (let i = 0; i < 10; i++) {
		const r = await login(i % 2 ? B : A, p.employeeNo, `wrong-${i}`, `10.0.2.${i + 1}`);
		expect(r.status).toBe(400);
	}
	// the right password is refused now, on either instance and through nginx
	const onA = await login(A, p.employeeNo, 'Right-password-1', '10.0.2.50');
	expect(onA.status).toBe(429);
	expect(Number(onA.headers['retry-after'])).toBeGreaterThan(0);
	expect((await login(B, p.employeeNo, 'Right-password-1', '10.0.2.51')).status).toBe(429);
	expect((await login(c.port, p.employeeNo, 'Right-password-1', '')).status).toBe(429);
	const [{ n }] =
		await c.sql`select count(*)::int as n from login_failures where key = ${'acct:' + p.employeeNo.toLowerCase()}`;
	expect(n).toBe(10);
});

it('chat sent on A reaches viewers on B and through nginx, once each', async () => {
	const unit = await addUnit(c.sql);
	const lecturer = await addPerson(c.sql, unit, ['lecturer'], '主讲');
	const viewers = await Promise.all(
		[1, 2, 3].map((i) => addPerson(c.sql, unit, ['learner'], `学员${i}`))
	);
	const s = await addSession(c.sql, { lecturerId: lecturer.id, unitIds: [unit] });
	const lec = await roomClient(A, lecturer.cookie, s);
	const onB = await roomClient(B, viewers[0].cookie, s);
	const via = await Promise.all(viewers.slice(1).map((v) => roomClient(c.port, v.cookie, s)));
	try {
		for (let i = 1; i <= 3; i++) expect((await lec.room.sendChat(`来自A ${i}`)).ok).toBe(true);
		for (const v of [onB, ...via])
			await until(() => v.room.chat.length === 3, 5000, 'chat on the other instance');
		expect((await onB.room.sendChat('来自B')).ok).toBe(true);
		await until(() => lec.room.chat.length === 4, 5000, 'chat from B on A');
		for (const v of [lec, onB, ...via]) {
			expect(v.room.chat.map((m) => m.body)).toEqual(['来自A 1', '来自A 2', '来自A 3', '来自B']);
			expect(new Set(v.broadcastIds).size).toBe(v.broadcastIds.length);
		}
	} finally {
		for (const v of [lec, onB, ...via]) v.close();
	}
});
