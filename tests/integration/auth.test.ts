import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestSchema, type TestDb } from '../../src/lib/server/db/test-schema';
import * as sessions from '../../src/lib/server/auth/sessions';
import * as throttle from '../../src/lib/server/auth/throttle';
import * as guard from '../../src/lib/server/auth/guard';
import { signIn } from '../../src/lib/server/auth/login';
import { changeOwnPassword } from '../../src/lib/server/auth/accounts';
import { hashPassword, verifyPassword } from '../../src/lib/server/auth/passwords';
import { hashSecret } from '../../src/lib/server/auth/tokens';
import * as sessionCache from '../../src/lib/server/auth/session-cache';
import { clientOptions } from '../../src/lib/server/db';
import { config } from '../../src/lib/server/config.js';
import postgres from 'postgres';

let t: TestDb;
const ids = { root: 0, child: 0, other: 0, learner: 0, leader: 0, admin: 0, disabled: 0, fresh: 0 };
const PASSWORD = 'right-pass-2024';

async function addUnit(name: string, parentId: number | null): Promise<number> {
	const [u] =
		await t.sql`insert into org_units (name, kind, parent_id) values (${name}, 'county', ${parentId}) returning id`;
	await t.sql`
		insert into org_closure (ancestor_id, descendant_id, depth)
		select ancestor_id, ${u.id}::int, depth + 1 from org_closure where descendant_id = ${parentId}::int
		union all select ${u.id}::int, ${u.id}::int, 0`;
	return u.id;
}

async function addUser(
	no: string,
	roles: string[],
	over: { active?: boolean; must?: boolean; locale?: string } = {}
) {
	const hash = await hashPassword(PASSWORD);
	const [u] = await t.sql`
		insert into users (employee_no, name, unit_id, rank_level, password_hash, roles, active, must_change_password, locale)
		values (${no}, ${'测试' + no}, ${ids.child}, 'general', ${hash}, ${roles}, ${over.active ?? true},
			${over.must ?? false}, ${over.locale ?? null})
		returning id`;
	return u.id as number;
}

const lastVerified = async (id: string) =>
	(await t.sql`select last_verified_at from sessions where id = ${id}`)[0]?.last_verified_at as
		Date | undefined;
const ageSession = (id: string, interval: string) =>
	t.sql`update sessions set last_verified_at = now() - ${interval}::interval where id = ${id}`;
const idOf = (token: string) => token.split('.')[0];

beforeAll(async () => {
	t = await createTestSchema();
	ids.root = await addUnit('昌吉州', null);
	ids.child = await addUnit('呼图壁县', ids.root);
	ids.other = await addUnit('玛纳斯县', null);
	ids.learner = await addUser('L001', ['learner'], { locale: 'en' });
	ids.leader = await addUser('M001', ['learner', 'leader']);
	ids.admin = await addUser('A001', ['admin']);
	ids.disabled = await addUser('D001', ['learner']);
	ids.fresh = await addUser('F001', ['learner'], { must: true });
	await t.sql`insert into leader_scopes (user_id, unit_id) values (${ids.leader}, ${ids.root}), (${ids.learner}, ${ids.root})`;
});
afterAll(() => t.drop());

describe('sessions', () => {
	it('create stores only SHA-256 of the secret; validate returns the person', async () => {
		const token = await sessions.create(t.sql, ids.leader);
		const [id, secret] = token.split('.');
		const [row] = await t.sql`select * from sessions where id = ${id}`;
		expect(row.user_id).toBe(ids.leader);
		expect(new Uint8Array(row.secret_hash)).toEqual(hashSecret(secret));
		expect(JSON.stringify(row)).not.toContain(secret);

		const found = await sessions.validate(t.sql, token);
		expect(found?.refreshed).toBe(false);
		expect(found?.session.id).toBe(id);
		expect(found?.user).toEqual({
			id: ids.leader,
			employeeNo: 'M001',
			name: '测试M001',
			unitId: ids.child,
			roles: ['learner', 'leader'],
			scopeUnitIds: [ids.root],
			locale: null,
			mustChangePassword: false
		});
	});

	it('a fresh session every time, and scope ids only for leaders', async () => {
		const a = await sessions.create(t.sql, ids.learner);
		const b = await sessions.create(t.sql, ids.learner);
		expect(idOf(a)).not.toBe(idOf(b));
		const found = await sessions.validate(t.sql, a);
		expect(found?.user.scopeUnitIds).toEqual([]); // has a leader_scopes row but not the role
		expect(found?.user.locale).toBe('en');
	});

	it('rejects a tampered secret, an unknown id and junk, and keeps the real session', async () => {
		const token = await sessions.create(t.sql, ids.learner);
		const [id, secret] = token.split('.');
		const flipped = secret.slice(0, -1) + (secret.endsWith('a') ? 'b' : 'a');
		expect(await sessions.validate(t.sql, `${id}.${flipped}`)).toBeNull();
		const other = await sessions.create(t.sql, ids.learner);
		expect(await sessions.validate(t.sql, `${id}.${other.split('.')[1]}`)).toBeNull();
		expect(await sessions.validate(t.sql, `${'a'.repeat(24)}.${secret}`)).toBeNull();
		expect(await sessions.validate(t.sql, 'garbage')).toBeNull();
		expect(await sessions.validate(t.sql, token)).not.toBeNull();
	});

	it('moves last_verified_at only after an hour, and says refreshed', async () => {
		const token = await sessions.create(t.sql, ids.learner);
		await ageSession(idOf(token), '59 minutes');
		const before = await lastVerified(idOf(token));
		expect((await sessions.validate(t.sql, token))?.refreshed).toBe(false);
		expect(await lastVerified(idOf(token))).toEqual(before);

		await ageSession(idOf(token), '61 minutes');
		const found = await sessions.validate(t.sql, token);
		expect(found?.refreshed).toBe(true);
		const after = (await lastVerified(idOf(token)))!;
		expect(Date.now() - after.getTime()).toBeLessThan(60_000);
		expect(found?.session.lastVerifiedAt).toEqual(after);
		expect((await sessions.validate(t.sql, token))?.refreshed).toBe(false);
	});

	it('expires after 10 days without use (and deletes the row), not before', async () => {
		const token = await sessions.create(t.sql, ids.learner);
		await ageSession(idOf(token), '9 days 23 hours');
		expect((await sessions.validate(t.sql, token))?.refreshed).toBe(true); // used: 10 more days

		await ageSession(idOf(token), '10 days 1 minute');
		expect(await sessions.validate(t.sql, token)).toBeNull();
		expect(await lastVerified(idOf(token))).toBeUndefined();
	});

	it('deleteExpired removes only sessions past the 10 days', async () => {
		const old = await sessions.create(t.sql, ids.learner);
		const recent = await sessions.create(t.sql, ids.learner);
		await ageSession(idOf(old), '11 days');
		await ageSession(idOf(recent), '9 days');
		expect(await sessions.deleteExpired(t.sql)).toBeGreaterThanOrEqual(1);
		expect(await lastVerified(idOf(old))).toBeUndefined();
		expect(await lastVerified(idOf(recent))).toBeDefined();
	});

	it('rejects sessions of a disabled person', async () => {
		const token = await sessions.create(t.sql, ids.disabled);
		expect(await sessions.validate(t.sql, token)).not.toBeNull();
		await t.sql`update users set active = false where id = ${ids.disabled}`;
		expect(await sessions.validate(t.sql, token)).toBeNull();
		await t.sql`update users set active = true where id = ${ids.disabled}`;
		expect(await sessions.validate(t.sql, token)).toBeNull(); // the session was ended, not paused
	});

	it('invalidate, invalidateOthers and invalidateUser', async () => {
		const [a, b, c] = await Promise.all([1, 2, 3].map(() => sessions.create(t.sql, ids.admin)));
		const mine = await sessions.create(t.sql, ids.leader);
		await sessions.invalidate(t.sql, idOf(a));
		expect(await sessions.validate(t.sql, a)).toBeNull();
		expect(await sessions.validate(t.sql, b)).not.toBeNull();
		expect(await sessions.invalidateOthers(t.sql, ids.admin, idOf(b))).toBe(1);
		expect(await sessions.validate(t.sql, c)).toBeNull();
		expect(await sessions.validate(t.sql, b)).not.toBeNull();
		expect(await sessions.invalidateUser(t.sql, ids.admin)).toBe(1);
		expect(await sessions.validate(t.sql, b)).toBeNull();
		expect(await sessions.validate(t.sql, mine)).not.toBeNull(); // other people untouched
	});
});

describe('session look-ups in bulk', () => {
	it('validateMany answers each token as validate would, with one delete and one refresh', async () => {
		const good = await sessions.create(t.sql, ids.leader);
		const stale = await sessions.create(t.sql, ids.learner);
		await ageSession(idOf(stale), '2 hours');
		const expired = await sessions.create(t.sql, ids.learner);
		await ageSession(idOf(expired), '11 days');
		const [id, secret] = good.split('.');
		const wrong = `${id}.${secret.slice(0, -1)}${secret.endsWith('a') ? 'b' : 'a'}`;
		const tokens = [good, 'garbage', stale, wrong, expired, good];
		const many = await sessions.validateMany(t.sql, tokens);
		expect(many.map((v) => v?.user.id ?? null)).toEqual([
			ids.leader,
			null,
			ids.learner,
			null,
			null,
			ids.leader
		]);
		expect(many[2]?.refreshed).toBe(true);
		expect(many[0]?.refreshed).toBe(false);
		expect(await lastVerified(idOf(expired))).toBeUndefined(); // ended, as validate() does
		expect(await sessions.validate(t.sql, good)).not.toBeNull(); // a wrong secret ends nothing
		expect(await sessions.validateMany(t.sql, ['junk', ''])).toEqual([null, null]);
	});

	it('the cache sends the misses of one moment to the database as one statement', async () => {
		const statements: string[] = [];
		const counted = postgres(config().databaseUrl!, {
			...clientOptions,
			max: 2,
			connection: { search_path: t.schema },
			debug: (_c, query) => statements.push(query)
		});
		try {
			const people = [ids.learner, ids.leader, ids.admin, ids.fresh];
			const tokens = await Promise.all(
				Array.from({ length: 200 }, (_, i) => sessions.create(t.sql, people[i % people.length]))
			);
			const found = await Promise.all(tokens.map((tk) => sessionCache.validate(counted, tk)));
			expect(found.map((f) => f?.user.id)).toEqual(tokens.map((_, i) => people[i % people.length]));
			expect(found.map((f) => f?.session.id)).toEqual(tokens.map(idOf));
			expect(statements.filter((q) => /from sessions/.test(q))).toHaveLength(1);
		} finally {
			await counted.end();
		}
	});
});

describe('scope guard against org_closure', () => {
	const user = async (id: number) =>
		(await sessions.validate(t.sql, await sessions.create(t.sql, id)))!.user;

	it('leaders see their subtree only; admins everything; learners nothing', async () => {
		const leader = await user(ids.leader);
		const admin = await user(ids.admin);
		const learner = await user(ids.learner);
		expect(await guard.isUnitInScope(t.sql, leader, ids.root)).toBe(true);
		expect(await guard.isUnitInScope(t.sql, leader, ids.child)).toBe(true);
		expect(await guard.isUnitInScope(t.sql, leader, ids.other)).toBe(false);
		expect(await guard.isUnitInScope(t.sql, admin, ids.other)).toBe(true);
		expect(await guard.isUnitInScope(t.sql, learner, ids.child)).toBe(false);
		await expect(guard.requireUnitInScope(t.sql, leader, ids.child)).resolves.toBeUndefined();
		await expect(guard.requireUnitInScope(t.sql, leader, ids.other)).rejects.toMatchObject({
			status: 403
		});
	});

	it('unitScopeFilter restricts a query to the scope', async () => {
		const leader = await user(ids.leader);
		const admin = await user(ids.admin);
		const learner = await user(ids.learner);
		const unitsFor = async (u: typeof leader) =>
			(
				await t.sql`select ou.id from org_units ou where ${guard.unitScopeFilter(t.sql, u, 'ou.id')} order by ou.id`
			).map((r) => r.id);
		expect(await unitsFor(leader)).toEqual([ids.root, ids.child]);
		expect(await unitsFor(admin)).toEqual([ids.root, ids.child, ids.other]);
		expect(await unitsFor(learner)).toEqual([]);
		const people =
			await t.sql`select employee_no from users where ${guard.unitScopeFilter(t.sql, leader)}`;
		expect(people.length).toBeGreaterThan(0);
	});
});

describe('login and throttling', () => {
	beforeEach(() => t.sql`delete from login_failures`);
	const failuresOf = async (key: string) =>
		(await t.sql`select count(*)::int as n from login_failures where key = ${key}`)[0].n as number;

	it('signs in with the right password (employee number case-insensitive) and starts a session', async () => {
		const result = await signIn(t.sql, { employeeNo: 'l001', password: PASSWORD, ip: '10.0.0.1' });
		expect(result).toMatchObject({
			ok: true,
			userId: ids.learner,
			locale: 'en',
			mustChangePassword: false
		});
		if (result.ok)
			expect((await sessions.validate(t.sql, result.token))?.user.id).toBe(ids.learner);
	});

	it('gives the same answer for an unknown account, a wrong password and a disabled account', async () => {
		const wrong = await signIn(t.sql, { employeeNo: 'L001', password: 'nope', ip: '10.0.0.2' });
		const unknown = await signIn(t.sql, { employeeNo: 'NOBODY', password: 'nope', ip: '10.0.0.2' });
		await t.sql`update users set active = false where id = ${ids.disabled}`;
		const disabled = await signIn(t.sql, {
			employeeNo: 'D001',
			password: PASSWORD,
			ip: '10.0.0.2'
		});
		await t.sql`update users set active = true where id = ${ids.disabled}`;
		expect(wrong).toEqual({ ok: false, reason: 'invalid' });
		expect(unknown).toEqual(wrong);
		expect(disabled).toEqual(wrong);
	});

	it('spends about the same time on an unknown account as on a wrong password', async () => {
		const time = async (employeeNo: string) => {
			const start = performance.now();
			await signIn(t.sql, { employeeNo, password: 'nope', ip: '10.0.0.3' });
			return performance.now() - start;
		};
		await time('NOBODY'); // warm the dummy hash
		const known = Math.min(await time('L001'), await time('L001'), await time('L001'));
		const unknown = Math.min(await time('NOBODY'), await time('NOBODY'), await time('NOBODY'));
		expect(unknown).toBeGreaterThan(known * 0.5);
	});

	it('refuses an account after 10 failures in 15 minutes, even with the right password, with a retry time', async () => {
		for (let i = 0; i < 10; i++) {
			expect(
				await signIn(t.sql, { employeeNo: 'M001', password: 'wrong', ip: `10.1.0.${i}` })
			).toEqual({
				ok: false,
				reason: 'invalid'
			});
		}
		const refused = await signIn(t.sql, { employeeNo: 'm001', password: PASSWORD, ip: '10.1.1.1' });
		expect(refused).toMatchObject({ ok: false, reason: 'throttled' });
		if (!refused.ok && refused.reason === 'throttled') {
			expect(refused.retryAfterSeconds).toBeGreaterThan(880);
			expect(refused.retryAfterSeconds).toBeLessThanOrEqual(900);
		}
		expect(await failuresOf('acct:m001')).toBe(10); // refusals are not counted

		// The oldest failure nearly leaves the window: the wait shrinks to under a minute…
		await t.sql`
			update login_failures set failed_at = failed_at - interval '14 minutes 30 seconds'
			where key = 'acct:m001' and failed_at = (select min(failed_at) from login_failures where key = 'acct:m001')`;
		const soon = await throttle.attempt(t.sql, [throttle.accountKey('M001')]);
		expect(soon.allowed).toBe(false);
		if (!soon.allowed) expect(soon.retryAfterSeconds).toBeLessThanOrEqual(31);
		// …and once it has left, the right password works again.
		await t.sql`update login_failures set failed_at = failed_at - interval '1 minute' where key = 'acct:m001'
			and failed_at < now() - interval '14 minutes'`;
		expect(
			await signIn(t.sql, { employeeNo: 'M001', password: PASSWORD, ip: '10.1.1.1' })
		).toMatchObject({ ok: true });
		expect(await failuresOf('acct:m001')).toBe(0); // success clears the account key
	});

	it('refuses an IP after 10 failures, whatever the accounts', async () => {
		for (let i = 0; i < 10; i++)
			await signIn(t.sql, { employeeNo: `X${i}00`, password: 'guess', ip: '10.2.0.1' });
		const refused = await signIn(t.sql, { employeeNo: 'A001', password: PASSWORD, ip: '10.2.0.1' });
		expect(refused).toMatchObject({ ok: false, reason: 'throttled' });
		expect(
			await signIn(t.sql, { employeeNo: 'A001', password: PASSWORD, ip: '10.2.0.2' })
		).toMatchObject({ ok: true });
	});

	it('success clears the account key, withdraws its own attempt, and leaves the IP failures counted', async () => {
		for (let i = 0; i < 9; i++)
			await signIn(t.sql, { employeeNo: 'L001', password: 'wrong', ip: '10.3.0.1' });
		expect(await failuresOf('acct:l001')).toBe(9);
		expect(
			await signIn(t.sql, { employeeNo: 'L001', password: PASSWORD, ip: '10.3.0.1' })
		).toMatchObject({ ok: true });
		expect(await failuresOf('acct:l001')).toBe(0);
		expect(await failuresOf('ip:10.3.0.1')).toBe(9);
	});

	it('a burst of parallel guesses gets no more than 10 through', async () => {
		const results = await Promise.all(
			Array.from({ length: 25 }, (_, i) =>
				signIn(t.sql, { employeeNo: 'A001', password: `guess${i}`, ip: `10.4.0.${i}` })
			)
		);
		expect(results.filter((r) => !r.ok && r.reason === 'invalid')).toHaveLength(10);
		expect(results.filter((r) => !r.ok && r.reason === 'throttled')).toHaveLength(15);
	});

	it('prune drops failures older than the window', async () => {
		await t.sql`insert into login_failures (key, failed_at) values ('ip:old', now() - interval '16 minutes'), ('ip:new', now())`;
		expect(await throttle.prune(t.sql)).toBe(1);
		expect(await failuresOf('ip:new')).toBe(1);
	});
});

describe('choosing a password', () => {
	it('at first login: no current password needed; clears the flag; ends old sessions; returns a fresh one', async () => {
		const old = await sessions.create(t.sql, ids.fresh);
		expect((await sessions.validate(t.sql, old))?.user.mustChangePassword).toBe(true);
		const input = { current: '', confirm: 'new-sail-2025', ip: '10.5.0.1' };
		expect(
			await changeOwnPassword(t.sql, ids.fresh, { ...input, password: 'short1', confirm: 'short1' })
		).toEqual({
			ok: false,
			problem: 'too_short'
		});
		expect(
			await changeOwnPassword(t.sql, ids.fresh, { ...input, password: 'new-sail-2026' })
		).toEqual({
			ok: false,
			problem: 'mismatch'
		});
		expect(
			await changeOwnPassword(t.sql, ids.fresh, { ...input, password: PASSWORD, confirm: PASSWORD })
		).toEqual({
			ok: false,
			problem: 'same_as_current'
		});
		const done = await changeOwnPassword(t.sql, ids.fresh, { ...input, password: 'new-sail-2025' });
		expect(done.ok).toBe(true);
		expect(await sessions.validate(t.sql, old)).toBeNull();
		if (done.ok)
			expect((await sessions.validate(t.sql, done.token))?.user.mustChangePassword).toBe(false);
		const [row] = await t.sql`select password_hash from users where id = ${ids.fresh}`;
		expect(await verifyPassword(row.password_hash, 'new-sail-2025')).toBe(true);
	});

	it('later: the current password is required and checked', async () => {
		const base = { password: 'another-2025', confirm: 'another-2025', ip: '10.5.0.2' };
		expect(await changeOwnPassword(t.sql, ids.fresh, { ...base, current: '' })).toEqual({
			ok: false,
			problem: 'current_missing'
		});
		expect(await changeOwnPassword(t.sql, ids.fresh, { ...base, current: 'wrong-2025' })).toEqual({
			ok: false,
			problem: 'current_wrong'
		});
		expect(
			(await changeOwnPassword(t.sql, ids.fresh, { ...base, current: 'new-sail-2025' })).ok
		).toBe(true);
	});
});
