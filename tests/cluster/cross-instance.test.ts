// Two web instances behind nginx on one PostgreSQL and one Redis: what one
// instance accepted, the other serves. Requests that must land on a given
// instance go straight to its port with the headers nginx would add; the
// others go through nginx.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { hashPassword } from '../../src/lib/server/auth/passwords';
import { seedLearners, seedLesson } from '../../bench/progress-harness';
import { addPerson, addSession, addUnit } from '../integration/live-fixtures';
import { startCluster, type Cluster } from './cluster';
import { forwarded, request, roomClient, until } from './clients';

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

it('a heartbeat accepted by A is in the progress B serves', async () => {
	const [learner] = await seedLearners(c.sql, 1);
	const lessonId = await seedLesson(c.sql, 600);
	const h = { ...forwarded('10.0.0.7'), origin: c.url };
	const started = await request(A, '/api/playbacks', {
		body: JSON.stringify({ lessonId, deviceId: 'pc' }),
		cookie: learner.cookie,
		headers: h
	});
	expect(started.status).toBe(201);
	const pid = json(started).playbackId;
	const hb = (seq: number, from: number, to: number) =>
		JSON.stringify({
			seq,
			intervals: [[from, to]],
			position: to,
			rate: 1,
			event: 'tick',
			sentAt: Date.now()
		});
	const progress = async (port: number) => {
		const r = await request(port, `/api/lessons/${lessonId}/progress`, {
			cookie: learner.cookie,
			headers: h
		});
		expect(r.status).toBe(200);
		return json(r);
	};
	await new Promise((r) => setTimeout(r, 1500)); // the server credits at most the wall time played
	const acked = await request(A, `/api/playbacks/${pid}/heartbeats`, {
		body: hb(1, 0, 1),
		cookie: learner.cookie,
		headers: h
	});
	expect(acked.status).toBe(200);
	const onB = await progress(B);
	expect(onB.position).toBe(1);
	expect(onB.watchedRanges).toEqual([[0, 1]]);
	expect(await progress(A)).toEqual(onB);
	// …and the same round trip through nginx, whichever instance answers each
	await new Promise((r) => setTimeout(r, 1200));
	const viaNginx = await request(c.port, `/api/playbacks/${pid}/heartbeats`, {
		body: hb(2, 1, 2),
		cookie: learner.cookie,
		headers: { origin: c.url }
	});
	expect(viaNginx.status).toBe(200);
	for (let i = 0; i < 2; i++) {
		const p = await request(c.port, `/api/lessons/${lessonId}/progress`, {
			cookie: learner.cookie
		});
		expect(json(p).watchedRanges).toEqual([[0, 2]]);
	}
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
