import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '../../src/lib/server/auth/passwords.ts';
import { createTestSchema, type TestDb } from '../../src/lib/server/db/test-schema.ts';
import { closureRows, expectedClosureRows } from '../../src/lib/server/org/closure.ts';
import { AdminError, createAdmin, unitByPath } from '../../src/lib/server/seed/admin.ts';
import { seedDemo } from '../../src/lib/server/seed/index.ts';

async function user(t: TestDb, employeeNo: string) {
	const [row] = await t.sql<
		{
			id: number;
			name: string;
			roles: string[];
			unit: string;
			hash: string;
			must: boolean;
			active: boolean;
		}[]
	>`
		select u.id, u.name, u.roles, o.name as unit, u.password_hash as hash, u.must_change_password as must, u.active
		from users u join org_units o on o.id = u.unit_id where u.employee_no = ${employeeNo}`;
	return row;
}

describe('create-admin on an empty database', () => {
	let t: TestDb;
	beforeAll(async () => {
		t = await createTestSchema();
	});
	afterAll(() => t.drop());

	it('refuses bad input and writes nothing', async () => {
		const bad: [Parameters<typeof createAdmin>[1], string][] = [
			[{ employeeNo: 'a b', name: '王强', password: 'secret123' }, 'invalid_employee_no'],
			[{ employeeNo: 'boss', name: '王强', password: 'short1' }, 'password_too_short'],
			[
				{ employeeNo: 'boss', name: '王强', password: 'onlyletters' },
				'password_needs_letter_and_digit'
			],
			[{ employeeNo: 'boss', password: 'secret123' }, 'name_required'],
			[
				{ employeeNo: 'boss', name: '王强', password: 'secret123', unit: 'a/b' },
				'invalid_unit_name'
			]
		];
		for (const [input, code] of bad) {
			const err = await createAdmin(t.sql, input).catch((e) => e);
			expect(err).toBeInstanceOf(AdminError);
			expect(err.code).toBe(code);
		}
		const [c] =
			await t.sql`select (select count(*) from users)::int as users, (select count(*) from org_units)::int as units`;
		expect(c).toEqual({ users: 0, units: 0 });
	});

	it('creates a root unit with its closure row, then the administrator', async () => {
		const r = await createAdmin(t.sql, {
			employeeNo: 'zzb001',
			name: '王强',
			password: 'secret123',
			unit: '昌吉州委组织部'
		});
		expect(r).toMatchObject({ created: true, createdUnit: '昌吉州委组织部' });
		const u = await user(t, 'zzb001');
		expect(u.roles.sort()).toEqual(['admin', 'learner']);
		expect(u.unit).toBe('昌吉州委组织部');
		expect(u.must).toBe(false);
		expect(await verifyPassword(u.hash, 'secret123')).toBe(true);
		const units = await t.sql`select kind, parent_id from org_units`;
		expect(units).toEqual([{ kind: 'other', parent_id: null }]);
		expect(await closureRows(t.sql)).toEqual(await expectedClosureRows(t.sql));
		expect((await closureRows(t.sql)).length).toBe(1);
	});

	it('puts a second administrator in the existing root without creating units', async () => {
		const r = await createAdmin(t.sql, {
			employeeNo: 'zzb002',
			name: '李娜',
			password: 'another9'
		});
		expect(r.createdUnit).toBeNull();
		expect((await user(t, 'zzb002')).unit).toBe('昌吉州委组织部');
		const [{ n }] = await t.sql`select count(*)::int as n from org_units`;
		expect(n).toBe(1);
	});
});

describe('create-admin on a populated database', () => {
	let t: TestDb;
	beforeAll(async () => {
		t = await createTestSchema();
		await seedDemo(t.sql);
	});
	afterAll(() => t.drop());

	it('promotes an existing person (any case of the employee number), resets the password and ends their sessions', async () => {
		const before = await user(t, 'learner');
		await t.sql`update users set active = false where id = ${before.id}`;
		await t.sql`insert into sessions (id, user_id, secret_hash) values ('s1', ${before.id}, '\\x00')`;
		const r = await createAdmin(t.sql, { employeeNo: 'LEARNER', password: 'new-pass-42' });
		expect(r).toMatchObject({ created: false, userId: before.id, createdUnit: null });
		const after = await user(t, 'learner');
		expect(after.roles.sort()).toEqual(['admin', 'learner']);
		expect(after.name).toBe(before.name);
		expect(after.unit).toBe('五工台村');
		expect(after.active).toBe(true);
		expect(await verifyPassword(after.hash, 'new-pass-42')).toBe(true);
		const sessions = await t.sql`select 1 from sessions where user_id = ${before.id}`;
		expect(sessions.length).toBe(0);
		await createAdmin(t.sql, { employeeNo: 'learner', password: 'new-pass-43' });
		expect((await user(t, 'learner')).roles.sort()).toEqual(['admin', 'learner']);
	});

	it('places a new administrator by unit path, and refuses an unknown path', async () => {
		await createAdmin(t.sql, {
			employeeNo: 'hq01',
			name: '赵敏',
			password: 'secret123',
			unit: '昌吉州/玛纳斯县'
		});
		expect((await user(t, 'hq01')).unit).toBe('玛纳斯县');
		const err = await createAdmin(t.sql, {
			employeeNo: 'hq02',
			name: '赵敏',
			password: 'secret123',
			unit: '昌吉州/不存在'
		}).catch((e) => e);
		expect(err.code).toBe('unit_not_found');
		expect(await user(t, 'hq02')).toBeUndefined();
		expect(await unitByPath(t.sql, '昌吉州/呼图壁县/五工台镇/五工台村')).toBeTypeOf('number');
		expect(await unitByPath(t.sql, '呼图壁县')).toBeNull();
	});
});
