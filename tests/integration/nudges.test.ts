// 催学: a leader reminds the people of a report's list who have not finished.
// Scope (subtree only, forged ids refused), once a day, the record, SMS.
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '../../src/lib/server/auth/types';
import { createTestSchema, type TestDb } from '../../src/lib/server/db/test-schema';
import { listNotifications, unreadOfKinds } from '../../src/lib/server/notifications';
import {
	NudgeError,
	previewNudge,
	sendNudge,
	type NudgeRequest
} from '../../src/lib/server/reports/nudges';
import { peoplePage } from '../../src/lib/server/reports/people';
import { addPerson, addProgramme, addUnitUnder, assign } from './reports-fixtures';

let t: TestDb;
let county: number, town: number, village: number, other: number;
let smsLog: string;

beforeAll(async () => {
	smsLog = path.join(await mkdtemp(path.join(tmpdir(), 'xuefan-sms-')), 'sms.log');
	t = await createTestSchema();
	const pref = await addUnitUnder(t.sql, null, '昌吉州', 'prefecture');
	county = await addUnitUnder(t.sql, pref, '呼图壁县', 'county');
	town = await addUnitUnder(t.sql, county, '五工台镇');
	village = await addUnitUnder(t.sql, town, '五工台村', 'village');
	other = await addUnitUnder(t.sql, pref, '玛纳斯县', 'county');
});
afterAll(async () => {
	delete process.env.XUEFAN_SMS_PROVIDER;
	delete process.env.XUEFAN_SMS_LOG;
	await t.drop();
});

async function leaderOf(unitId: number): Promise<SessionUser> {
	const id = await addPerson(t.sql, unitId, { name: '领导', roles: ['leader'] });
	return {
		id,
		employeeNo: 'L',
		name: '领导',
		unitId,
		roles: ['leader'],
		scopeUnitIds: [unitId],
		locale: null,
		mustChangePassword: false
	};
}

/** A programme with people in the village (not started, in progress, completed) and one in the other county. */
async function setup() {
	const p = await addProgramme(t.sql, { title: `专题${Math.random().toString(36).slice(2, 6)}` });
	const ns = await addPerson(t.sql, village, { name: '未开始' });
	const ip = await addPerson(t.sql, village, { name: '学习中' });
	const done = await addPerson(t.sql, village, { name: '已完成' });
	const away = await addPerson(t.sql, other, { name: '外县' });
	await t.sql`update users set phone = '138 0013 8000' where id = ${ns}`;
	await assign(t.sql, p.id, [
		{ userId: ns, unitId: village },
		{ userId: ip, unitId: village, status: 'in_progress' },
		{ userId: done, unitId: village, status: 'completed' },
		{ userId: away, unitId: other }
	]);
	const [head] = await t.sql<{ id: number; title: string; deadline: Date }[]>`
		select id, title, deadline from programmes where id = ${p.id}`;
	const req = (o: Partial<NudgeRequest> = {}): NudgeRequest => ({
		programme: head,
		unitId: county,
		includeSub: true,
		filter: 'all',
		q: '',
		fromName: '呼图壁县',
		...o
	});
	return { p: head, ns, ip, done, away, req };
}

const code = (p: Promise<unknown>) =>
	p.then(
		() => 'ok',
		(e) => (e instanceof NudgeError ? e.code : Promise.reject(e))
	);

describe('催学 scope', () => {
	it('a leader cannot remind outside their subtree: the other county, or a unit above them', async () => {
		const { req, away } = await setup();
		const leader = await leaderOf(town);
		expect(await code(sendNudge(t.sql, leader, req({ unitId: other })))).toBe('scope');
		expect(await code(sendNudge(t.sql, leader, req({ unitId: county })))).toBe('scope');
		expect(await code(previewNudge(t.sql, leader, req({ unitId: other }), 'zh-CN'))).toBe('scope');
		const [{ n }] = await t.sql`select count(*)::int as n from programme_nudges`;
		expect(n).toBe(0);
		expect((await listNotifications(t.sql, away)).total).toBe(0);
	});

	it('forged ids (someone outside the list, someone completed) are refused and nothing is sent', async () => {
		const { req, ns, done, away, p } = await setup();
		const leader = await leaderOf(county);
		expect(await code(sendNudge(t.sql, leader, req({ userIds: [ns, away] })))).toBe('ids');
		expect(await code(sendNudge(t.sql, leader, req({ userIds: [done] })))).toBe('ids');
		expect(await code(sendNudge(t.sql, leader, req({ userIds: [-1] })))).toBe('ids');
		expect(await code(sendNudge(t.sql, leader, req({ userIds: [] })))).toBe('ids');
		const rows = await t.sql`select 1 from programme_nudges where programme_id = ${p.id}`;
		expect(rows.length).toBe(0);
		expect((await listNotifications(t.sql, ns)).total).toBe(0);
	});

	it('reminds only the people the list shows who have not finished; one id narrows it to one', async () => {
		const { req, ns, ip, done, away } = await setup();
		const leader = await leaderOf(county);
		const pre = await previewNudge(t.sql, leader, req({ filter: 'not_started' }), 'zh-CN');
		expect(pre).toMatchObject({ count: 1, skipped: 0 });
		expect(pre.text).toContain('呼图壁县提醒您');
		const one = await sendNudge(t.sql, leader, req({ userIds: [ip] }));
		expect(one).toMatchObject({ sent: 1, skipped: 0 });
		expect((await listNotifications(t.sql, ns)).total).toBe(0);
		const r = await sendNudge(t.sql, leader, req());
		expect(r).toMatchObject({ sent: 1, skipped: 1 });
		for (const id of [done, away]) expect((await listNotifications(t.sql, id)).total).toBe(0);
		const home = await unreadOfKinds(t.sql, ns, ['programme_nudge']);
		expect(home).toHaveLength(1);
		expect(home[0].params).toMatchObject({ from: '呼图壁县', programmeId: req().programme.id });
	});
});

describe('催学 once a day, recorded', () => {
	it('a second reminder the same Shanghai day skips everyone; the next day sends again', async () => {
		const { req, ns, ip, p } = await setup();
		const a = await leaderOf(county);
		const b = await leaderOf(town);
		const now = new Date('2026-12-01T02:00:00Z'); // 10:00 in Shanghai
		expect(await sendNudge(t.sql, a, req(), now)).toMatchObject({ sent: 2, skipped: 0 });
		// another leader, later the same Shanghai day (23:30 there)
		const late = new Date('2026-12-01T15:30:00Z');
		expect(await previewNudge(t.sql, b, req({ unitId: town }), 'zh-CN', late)).toMatchObject({
			count: 0,
			skipped: 2
		});
		expect(await sendNudge(t.sql, b, req({ unitId: town }), late)).toMatchObject({
			sent: 0,
			skipped: 2
		});
		expect((await listNotifications(t.sql, ns)).total).toBe(1);
		// 00:30 the next day in Shanghai
		const next = new Date('2026-12-01T16:30:00Z');
		expect(await sendNudge(t.sql, b, req({ unitId: town }), next)).toMatchObject({ sent: 2 });
		expect((await listNotifications(t.sql, ns)).total).toBe(2);

		const rec = await t.sql`
			select user_id, sent_by, to_char(day, 'YYYY-MM-DD') as day from programme_nudges
			where programme_id = ${p.id} order by sent_at, user_id`;
		expect(rec.map((x) => [x.user_id, x.sent_by, x.day])).toEqual([
			[ns, a.id, '2026-12-01'],
			[ip, a.id, '2026-12-01'],
			[ns, b.id, '2026-12-02'],
			[ip, b.id, '2026-12-02']
		]);
		// the report's people list shows when each was reminded last
		const list = await peoplePage(t.sql, { ...req(), filter: 'all' });
		const byId = new Map(list.rows.map((r) => [r.userId, r.remindedAt]));
		expect(byId.get(ns)?.toISOString()).toBe(next.toISOString());
		expect(byId.get(ip)?.toISOString()).toBe(next.toISOString());
		expect([...byId.values()].filter((v) => v === null)).toHaveLength(1); // the completed one
	});

	it('two reminders at once send once (the unique key decides)', async () => {
		const { req, ns } = await setup();
		const a = await leaderOf(county);
		const rs = await Promise.all([sendNudge(t.sql, a, req()), sendNudge(t.sql, a, req())]);
		expect(rs.map((r) => r.sent).sort()).toEqual([0, 2]);
		expect((await listNotifications(t.sql, ns)).total).toBe(1);
	});
});

describe('催学 by SMS', () => {
	it('goes through the logging provider to people with a mobile number, and is recorded', async () => {
		process.env.XUEFAN_SMS_PROVIDER = 'log';
		process.env.XUEFAN_SMS_LOG = smsLog;
		try {
			const { req, ns, ip, p } = await setup();
			const r = await sendNudge(t.sql, await leaderOf(county), req());
			expect(r).toMatchObject({ sent: 2, sms: 1, smsFailed: 0 });
			const lines = (await readFile(smsLog, 'utf8'))
				.trim()
				.split('\n')
				.map((l) => JSON.parse(l));
			const mine = lines.filter((l) => l.text.includes(p.title));
			expect(mine).toHaveLength(1);
			expect(mine[0].to).toBe('13800138000');
			expect(mine[0].text).toContain('呼图壁县提醒您');
			const rec =
				await t.sql`select user_id, sms_status from programme_nudges where programme_id = ${p.id} order by user_id`;
			expect(Object.fromEntries(rec.map((x) => [x.user_id, x.sms_status]))).toEqual({
				[ns]: 'sent',
				[ip]: null
			});
		} finally {
			delete process.env.XUEFAN_SMS_PROVIDER;
		}
	});

	it('without a gateway nothing is texted', async () => {
		const { req, p } = await setup();
		const r = await sendNudge(t.sql, await leaderOf(county), req());
		expect(r).toMatchObject({ sent: 2, sms: 0 });
		const rec =
			await t.sql`select 1 from programme_nudges where programme_id = ${p.id} and sms_status is not null`;
		expect(rec.length).toBe(0);
	});
});
