// The audit log through the real route actions: each administrative action
// leaves one entry (who, what, from which address); the table refuses UPDATE,
// DELETE and TRUNCATE; the search page is for administrators only.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '../../src/lib/server/auth/types';
import { search } from '../../src/lib/server/audit';
import { createTestSchema, type TestDb } from '../../src/lib/server/db/test-schema';
import * as auditPage from '../../src/routes/(admin)/admin/audit/+page.server';
import * as creditPage from '../../src/routes/(admin)/admin/credit-rules/+page.server';
import * as importPage from '../../src/routes/(admin)/admin/people/import/+page.server';
import * as personPage from '../../src/routes/(admin)/admin/people/[id=id]/+page.server';
import { makeUnits, type UnitIds } from '../fixtures/roster-units';
import { addUser } from './progress-fixtures';
import { event as baseEvent, settle, useTestDatabase } from './quiz-fixtures';

let t: TestDb;
let u: UnitIds;
let admin: SessionUser, leader: SessionUser, learner: SessionUser, person: SessionUser;
const IP = '203.0.113.7';

/** A route event from the edge's client address, with a form body. */
function post(user: SessionUser, path: string, params: Record<string, string>, fd: FormData) {
	const e = baseEvent(user, path, params);
	e.request = new Request(e.url, { method: 'POST', body: fd });
	e.getClientAddress = () => IP;
	return e;
}
const fd = (values: Record<string, string | string[]>) => {
	const f = new FormData();
	for (const [k, v] of Object.entries(values))
		for (const x of Array.isArray(v) ? v : [v]) f.append(k, x);
	return f;
};
const entries = (action: string) =>
	t.sql`select actor_id, actor_label, action, target, detail, ip from audit_log where action = ${action} order by id`;

beforeAll(async () => {
	t = await createTestSchema();
	await useTestDatabase(t.sql);
	u = await makeUnits(t.sql);
	admin = await addUser(t.sql, u.county, ['admin']);
	leader = await addUser(t.sql, u.county, ['leader']);
	learner = await addUser(t.sql, u.county, ['learner']);
	person = await addUser(t.sql, u.township, ['learner']);
});
afterAll(() => t.drop());

describe('audit log: recorded on each action', () => {
	it('a roster import records the file and its counts', async () => {
		const f = new FormData();
		f.set('initialPassword', 'Start-2024');
		const bytes = readFileSync(new URL('../fixtures/roster-good.xlsx', import.meta.url));
		f.set('file', new File([bytes], 'roster-good.xlsx'));
		const r = await settle(() =>
			importPage.actions.default(post(admin, '/admin/people/import', {}, f))
		);
		expect(r.value).toMatchObject({ summary: { inserted: 3 } });
		const [e] = await entries('roster.import');
		expect(e).toMatchObject({ actor_id: admin.id, target: 'roster-good.xlsx', ip: IP });
		expect(e.detail).toMatchObject({ rows: 3, inserted: 3 });
		expect(e.actor_label).toBe(`${admin.employeeNo} ${admin.name}`);
		expect(JSON.stringify(e.detail)).not.toContain('Start-2024');
	});

	it('a role and scope change records from/to, in the same transaction as the change', async () => {
		const form = fd({
			name: '学员',
			unit: '昌吉州/呼图壁县/五工台镇',
			rankLevel: 'general',
			position: '',
			phone: '',
			roles: ['learner', 'leader'],
			scopeAdd: '昌吉州/呼图壁县/五工台镇/五工台村'
		});
		const path = `/admin/people/${person.id}`;
		const r = await settle(() =>
			personPage.actions.save(post(admin, path, { id: String(person.id) }, form))
		);
		expect(r.value).toMatchObject({ action: 'save' });
		const [roles] = await entries('person.roles');
		expect(roles.detail).toEqual({ from: ['learner'], to: ['learner', 'leader'] });
		expect(roles).toMatchObject({ actor_id: admin.id, ip: IP });
		expect(roles.target).toContain(`user:${person.id}`);
		const [scopes] = await entries('person.scopes');
		expect(scopes.detail).toEqual({ from: [], to: [u.village] });
		// Saving the same values again changes nothing and records nothing.
		const again = fd({ ...Object.fromEntries(form), roles: ['learner', 'leader'] });
		again.append('scope', String(u.village));
		again.delete('scopeAdd');
		await personPage.actions.save(post(admin, path, { id: String(person.id) }, again));
		expect(await entries('person.roles')).toHaveLength(1);
		expect(await entries('person.scopes')).toHaveLength(1);
	});

	it('disabling, enabling and a password reset are recorded (the password never is)', async () => {
		const params = { id: String(person.id) };
		const path = `/admin/people/${person.id}`;
		await personPage.actions.active(post(admin, path, params, fd({ active: '0' })));
		await personPage.actions.active(post(admin, path, params, fd({ active: '1' })));
		const reset = await personPage.actions.reset(post(admin, path, params, fd({})));
		expect(await entries('person.disable')).toHaveLength(1);
		expect(await entries('person.enable')).toHaveLength(1);
		const [e] = await entries('person.password_reset');
		expect(e.ip).toBe(IP);
		const password = (reset as { password: string }).password;
		const [{ n }] =
			await t.sql`select count(*) as n from audit_log where detail::text like ${'%' + password + '%'} or target like ${'%' + password + '%'}`;
		expect(n).toBe(0);
	});

	it('a credit-rule change is recorded', async () => {
		const form = fd({
			validFrom: '2099-01-01',
			note: '',
			longMinutes: '30',
			shortMinutes: '15',
			longHours: '1',
			midHours: '0.5',
			shortHours: '0.25',
			testPassHours: '0.5',
			minPresencePercent: '80',
			requireAllCheckins: 'on',
			offlineDayHours: '6',
			teachingSessionHours: '2'
		});
		const r = await creditPage.actions.create(post(admin, '/admin/credit-rules', {}, form));
		expect(r).toMatchObject({ action: 'create' });
		const [e] = await entries('credit_rules.create');
		expect(e.detail).toEqual({ validFrom: '2099-01-01' });
	});
});

describe('audit log: never editable', () => {
	it('UPDATE, DELETE and TRUNCATE are refused, even for the table owner', async () => {
		await expect(t.sql`update audit_log set actor_label = 'someone else'`).rejects.toThrow(
			/append-only/
		);
		await expect(t.sql`delete from audit_log`).rejects.toThrow(/append-only/);
		await expect(t.sql`truncate audit_log`).rejects.toThrow(/append-only/);
		const [{ n }] =
			await t.sql`select count(*) as n from audit_log where actor_label = 'someone else'`;
		expect(n).toBe(0);
	});
});

describe('audit log: the search page', () => {
	it('non-admins get 403; admins search by actor, action and date range, paged', async () => {
		for (const who of [leader, learner]) {
			const r = await settle(() => auditPage.load(baseEvent(who, '/admin/audit', {})));
			expect(r.status).toBe(403);
		}
		type Page = { total: number; errors: string[]; rows: { action: string; ip: string }[] };
		const load = async (qs: string) =>
			(await auditPage.load(baseEvent(admin, `/admin/audit?${qs}`, {}))) as unknown as Page;
		const all = await load('');
		expect(all.total).toBeGreaterThanOrEqual(6);
		expect(all.rows[0].ip).toBe(IP);
		expect((await load('action=person.roles')).rows.map((r) => r.action)).toEqual(['修改角色']);
		expect((await load(`actor=${admin.employeeNo}`)).total).toBe(all.total);
		expect((await load('actor=nobody-like-this')).total).toBe(0);
		expect((await load('from=2000-01-01&to=2000-01-02')).total).toBe(0);
		expect((await load('from=bad')).errors).toHaveLength(1);
		// Paging: 50 a page, newest first.
		for (let i = 0; i < 60; i++)
			await t.sql`insert into audit_log (actor_label, action) values ('system', 'ledger.manual')`;
		const p1 = await search(t.sql, { action: 'ledger.manual', page: 1 });
		const p2 = await search(t.sql, { action: 'ledger.manual', page: 2 });
		expect([p1.rows.length, p2.rows.length, p1.pages]).toEqual([50, 10, 2]);
		expect(p1.rows[0].id).toBeGreaterThan(p2.rows[0].id);
	});
});
