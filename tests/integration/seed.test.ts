import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '../../src/lib/server/auth/passwords.ts';
import { createTestSchema, type TestDb } from '../../src/lib/server/db/test-schema.ts';
import { closureRows, expectedClosureRows } from '../../src/lib/server/org/closure.ts';
import {
	DEMO_ACCOUNTS,
	DEMO_PASSWORD,
	NotEmptyError,
	resetDatabase,
	seedDemo,
	seedDemoIfEmpty,
	seedPrefecture
} from '../../src/lib/server/seed/index.ts';

describe('demo seed', () => {
	let t: TestDb;
	beforeAll(async () => {
		t = await createTestSchema();
	});
	afterAll(() => t.drop());

	it('seeds an empty database once, and only once', async () => {
		const log = console.log;
		const printed: string[] = [];
		console.log = (...a: unknown[]) => printed.push(a.join(' '));
		try {
			expect(await seedDemoIfEmpty(t.sql)).toBe(true);
			expect(await seedDemoIfEmpty(t.sql)).toBe(false);
		} finally {
			console.log = log;
		}
		const box = printed.join('\n');
		for (const name of ['admin', 'lecturer', 'leader', 'learner', DEMO_PASSWORD])
			expect(box).toContain(name);
		await expect(seedDemo(t.sql)).rejects.toBeInstanceOf(NotEmptyError);
		const [{ n }] = await t.sql`select count(*)::int as n from users`;
		expect(n).toBe(200);
	});

	it('gives the four demo accounts their roles, units and a working password', async () => {
		const rows = await t.sql<
			{ employee_no: string; roles: string[]; unit: string; must: boolean; hash: string }[]
		>`
			select u.employee_no, u.roles, o.name as unit, u.must_change_password as must, u.password_hash as hash
			from users u join org_units o on o.id = u.unit_id
			where employee_no in ('admin', 'lecturer', 'leader', 'learner') order by employee_no`;
		const byNo = Object.fromEntries(rows.map((r) => [r.employee_no, r]));
		expect(Object.keys(byNo).sort()).toEqual(['admin', 'leader', 'learner', 'lecturer']);
		expect(byNo.admin.roles.sort()).toEqual(['admin', 'learner']);
		expect(byNo.lecturer.roles.sort()).toEqual(['learner', 'lecturer']);
		expect(byNo.leader.roles.sort()).toEqual(['leader', 'learner']);
		expect(byNo.learner.roles).toEqual(['learner']);
		expect(byNo.admin.unit).toBe('县委组织部');
		expect(byNo.learner.unit).toBe('五工台村');
		for (const r of rows) expect(r.must).toBe(false);
		expect(await verifyPassword(byNo.learner.hash, DEMO_PASSWORD)).toBe(true);
		expect(await verifyPassword(byNo.learner.hash, 'wrong-password1')).toBe(false);
		expect(DEMO_ACCOUNTS.map((a) => a.employeeNo)).toEqual([
			'admin',
			'lecturer',
			'leader',
			'learner'
		]);
	});

	it('scopes the leader to 呼图壁县, whose subtree excludes 玛纳斯县', async () => {
		const scope = await t.sql`
			select o.name, o.kind from leader_scopes s join users u on u.id = s.user_id join org_units o on o.id = s.unit_id
			where u.employee_no = 'leader'`;
		expect(scope).toEqual([{ name: '呼图壁县', kind: 'county' }]);
		const inScope = await t.sql<{ name: string }[]>`
			select o.name from leader_scopes s join users u on u.id = s.user_id
			join org_closure c on c.ancestor_id = s.unit_id join org_units o on o.id = c.descendant_id
			where u.employee_no = 'leader'`;
		const names = inScope.map((r) => r.name);
		expect(names).toEqual(
			expect.arrayContaining([
				'呼图壁县',
				'县委组织部',
				'五工台镇',
				'五工台村',
				'大丰镇',
				'雀尔沟镇'
			])
		);
		expect(names).not.toContain('玛纳斯县');
		expect(names).not.toContain('乐土驿村');
		expect(names).not.toContain('昌吉州');
	});

	it('builds the tree the brief describes, with a closure equal to a recursive walk of parent_id', async () => {
		expect(await closureRows(t.sql)).toEqual(await expectedClosureRows(t.sql));
		const kinds = Object.fromEntries(
			(await t.sql<{ name: string; kind: string }[]>`select name, kind from org_units`).map((r) => [
				r.name,
				r.kind
			])
		);
		expect(kinds['昌吉州']).toBe('prefecture');
		expect(kinds['呼图壁县']).toBe('county');
		expect(kinds['玛纳斯县']).toBe('county');
		expect(kinds['县委组织部']).toBe('department');
		expect(kinds['五工台镇']).toBe('township');
		expect(kinds['五工台村']).toBe('village');
		const [root] = await t.sql`select count(*)::int as n from org_units where parent_id is null`;
		expect(root.n).toBe(1);
	});

	it('gives people Chinese names, HTB-style employee numbers and a realistic spread of rank levels', async () => {
		const people = await t.sql<
			{ employee_no: string; name: string; rank_level: string; position: string }[]
		>`
			select employee_no, name, rank_level, position from users where employee_no not in ('admin', 'lecturer', 'leader', 'learner')`;
		expect(people.length).toBe(196);
		for (const p of people) {
			expect(p.name).toMatch(/^[\u4e00-\u9fff·]{2,12}$/);
			expect(p.employee_no).toMatch(/^(HTB|MNS|CJZ)\d{4}$/);
			expect(p.position.length).toBeGreaterThan(0);
		}
		expect(people.map((p) => p.employee_no)).toContain('HTB0001');
		const count = (r: string) => people.filter((p) => p.rank_level === r).length;
		expect(count('county')).toBeGreaterThan(0);
		expect(count('county')).toBeLessThan(count('township'));
		expect(count('township')).toBeLessThan(count('general') + count('employee'));
		expect(new Set(people.map((p) => p.name)).size).toBeGreaterThan(150);
	});

	it('is reproducible: the same seed gives the same people', async () => {
		const before =
			await t.sql`select employee_no, name, rank_level, position, phone from users order by employee_no`;
		expect(await resetDatabase(t.sql)).toEqual(
			expect.arrayContaining(['users', 'org_units', 'org_closure'])
		);
		const [{ n }] = await t.sql`select count(*)::int as n from users`;
		expect(n).toBe(0);
		// the credit rules survive: without them every course would earn 0 学时
		const [{ rules }] = await t.sql`select count(*)::int as rules from credit_rules`;
		expect(rules).toBeGreaterThan(0);
		await seedDemo(t.sql);
		const [{ zero }] =
			await t.sql`select count(*)::int as zero from credit_ledger where source = 'course' and hours = 0`;
		expect(zero).toBe(0);
		const after =
			await t.sql`select employee_no, name, rank_level, position, phone from users order by employee_no`;
		expect(after).toEqual(before);
		const [{ id }] = await t.sql`select min(id)::int as id from org_units`;
		expect(id).toBe(1); // restart identity
	});
});

describe('prefecture seed (2,000 people)', () => {
	let t: TestDb;
	beforeAll(async () => {
		t = await createTestSchema();
	});
	afterAll(() => t.drop());

	it('builds ≈2,000 units of depth ≤ 5 in bulk, with a right closure and the demo accounts', async () => {
		const result = await seedPrefecture(t.sql, { people: 2000 });
		expect(result.units).toBeGreaterThan(1800);
		expect(result.units).toBeLessThan(2200);
		expect(result.depth).toBeLessThanOrEqual(4);
		const [{ units, users, depth }] = await t.sql`
			select (select count(*) from org_units)::int as units, (select count(*) from users)::int as users,
				(select max(depth) from org_closure)::int as depth`;
		expect(units).toBe(result.units);
		expect(users).toBe(2000);
		expect(depth).toBe(result.depth);
		expect(await closureRows(t.sql)).toEqual(await expectedClosureRows(t.sql));
		const counties = await t.sql`
			select o.name from org_units o join org_units p on p.id = o.parent_id
			where p.parent_id is null and o.kind = 'county' order by o.sort_order`;
		expect(counties.map((r) => r.name)).toEqual([
			'昌吉市',
			'阜康市',
			'呼图壁县',
			'玛纳斯县',
			'奇台县',
			'吉木萨尔县',
			'木垒县'
		]);
		const kinds = await t.sql<
			{ kind: string; n: number }[]
		>`select kind, count(*)::int as n from org_units group by kind`;
		const byKind = Object.fromEntries(kinds.map((k) => [k.kind, k.n]));
		expect(byKind.park).toBe(3);
		expect(byKind.soe).toBe(15);
		expect(byKind.village).toBeGreaterThan(1000);
		const accounts =
			await t.sql`select employee_no from users where employee_no in ('admin', 'lecturer', 'leader', 'learner')`;
		expect(accounts.length).toBe(4);
	});
});
