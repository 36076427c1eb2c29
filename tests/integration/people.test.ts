import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '../../src/lib/server/auth/passwords';
import { createTestSchema, type TestDb } from '../../src/lib/server/db/test-schema';
import {
	findPeople,
	getPerson,
	resetPassword,
	setActive,
	setLeaderScopes,
	temporaryPassword,
	updatePerson
} from '../../src/lib/server/org/people';
import { unitPathMap, unitPathOf, unitPathsOf } from '../../src/lib/server/org/unit-paths';
import { makeUnits, type UnitIds } from '../fixtures/roster-units';

let t: TestDb;
let u: UnitIds;
const ids: Record<string, number> = {};

beforeAll(async () => {
	t = await createTestSchema();
	u = await makeUnits(t.sql);
	const people: [string, string, number][] = [
		['A001', '张伟', u.county],
		['A002', '张小伟', u.township],
		['A003', '王芳', u.village],
		['a100_x', '李100%', u.dept],
		['B001', '马丽', u.county2]
	];
	for (const [no, name, unit] of people) {
		const [{ id }] = await t.sql<{ id: number }[]>`
			insert into users (employee_no, name, unit_id, rank_level, password_hash, must_change_password)
			values (${no}, ${name}, ${unit}, 'general', 'old-hash', false) returning id`;
		ids[no] = id;
	}
});
afterAll(() => t.drop());

const session = (userId: number, id: string) =>
	t.sql`insert into sessions (id, user_id, secret_hash) values (${id}, ${userId}, ${Buffer.from('x')})`;
const sessionCount = async (userId: number) =>
	(await t.sql<{ n: number }[]>`select count(*) as n from sessions where user_id = ${userId}`)[0].n;
const nos = (r: { people: { employeeNo: string }[] }) => r.people.map((p) => p.employeeNo);
const all = { scopeRootIds: null, limit: 50, offset: 0 };

describe('unit paths', () => {
	it('maps every full path to its unit, and back', async () => {
		const map = await unitPathMap(t.sql);
		expect(map.get('昌吉州')).toBe(u.prefecture);
		expect(map.get('昌吉州/呼图壁县/五工台镇/五工台村')).toBe(u.village);
		expect(map.size).toBe(6);
		expect(await unitPathOf(t.sql, u.dept)).toBe('昌吉州/呼图壁县/县委组织部');
		expect(await unitPathOf(t.sql, 999_999)).toBe('');
		expect(await unitPathsOf(t.sql, [u.prefecture, u.county2])).toEqual(
			new Map([
				[u.prefecture, '昌吉州'],
				[u.county2, '昌吉州/玛纳斯县']
			])
		);
	});
});

describe('findPeople', () => {
	it('matches part of a name or an employee number, ignoring LIKE wildcards in the query', async () => {
		expect(nos(await findPeople(t.sql, { ...all, q: '小伟' }))).toEqual(['A002']);
		expect(nos(await findPeople(t.sql, { ...all, q: '张' }))).toEqual(['A001', 'A002']);
		expect(nos(await findPeople(t.sql, { ...all, q: 'a00' }))).toEqual(['A001', 'A002', 'A003']);
		expect(nos(await findPeople(t.sql, { ...all, q: '%' }))).toEqual(['a100_x']);
		expect(nos(await findPeople(t.sql, { ...all, q: '0_' }))).toEqual(['a100_x']);
	});

	it('filters by unit, with or without its subtree, and by active', async () => {
		expect(nos(await findPeople(t.sql, { ...all, unitId: u.county }))).toEqual(['A001']);
		expect(
			nos(await findPeople(t.sql, { ...all, unitId: u.county, includeSubtree: true }))
		).toEqual(['A001', 'A002', 'A003', 'a100_x']);
		await setActive(t.sql, ids.A003, false);
		expect(
			nos(await findPeople(t.sql, { ...all, unitId: u.county, includeSubtree: true, active: true }))
		).toEqual(['A001', 'A002', 'a100_x']);
		expect(nos(await findPeople(t.sql, { ...all, active: false }))).toEqual(['A003']);
		await setActive(t.sql, ids.A003, true);
	});

	it('is restricted to the caller’s scope subtrees', async () => {
		expect(nos(await findPeople(t.sql, { ...all, scopeRootIds: [u.township] }))).toEqual([
			'A002',
			'A003'
		]);
		expect(nos(await findPeople(t.sql, { ...all, scopeRootIds: [u.township, u.county2] }))).toEqual(
			['A002', 'A003', 'B001']
		);
		expect(
			nos(await findPeople(t.sql, { ...all, scopeRootIds: [u.township], unitId: u.county2 }))
		).toEqual([]);
		expect(await findPeople(t.sql, { ...all, scopeRootIds: [] })).toEqual({ total: 0, people: [] });
	});

	it('pages with a total, and gives each person their unit path', async () => {
		const page = await findPeople(t.sql, { ...all, limit: 2, offset: 2 });
		expect(page.total).toBe(5);
		expect(nos(page)).toEqual(['A003', 'B001']);
		expect(page.people[0]).toMatchObject({
			name: '王芳',
			unitPath: '昌吉州/呼图壁县/五工台镇/五工台村',
			rankLevel: 'general',
			active: true,
			roles: ['learner']
		});
	});
});

describe('editing people', () => {
	it('updates fields and roles', async () => {
		const r = await updatePerson(t.sql, ids.B001, {
			name: ' 马丽丽 ',
			unitId: u.dept,
			rankLevel: 'township',
			position: '科员',
			phone: '１３９00000000',
			roles: ['admin', 'learner']
		});
		expect(r).toEqual({ ok: true });
		expect(await getPerson(t.sql, ids.B001)).toMatchObject({
			name: '马丽丽',
			unitId: u.dept,
			unitPath: '昌吉州/呼图壁县/县委组织部',
			rankLevel: 'township',
			position: '科员',
			phone: '13900000000',
			roles: ['learner', 'admin'],
			active: true
		});
	});

	it('refuses bad input and changes nothing', async () => {
		const before = await getPerson(t.sql, ids.A001);
		const r = await updatePerson(t.sql, ids.A001, {
			name: '',
			unitId: u.county,
			rankLevel: 'boss',
			position: 'x'.repeat(101),
			phone: 'call me',
			roles: ['root']
		});
		expect(r).toEqual({
			ok: false,
			errors: [
				{ field: 'name', code: 'required' },
				{ field: 'rankLevel', code: 'invalid' },
				{ field: 'position', code: 'too_long', params: { max: 100 } },
				{ field: 'phone', code: 'invalid' },
				{ field: 'roles', code: 'invalid' }
			]
		});
		const r2 = await updatePerson(t.sql, ids.A001, {
			name: '张伟',
			unitId: 999_999,
			rankLevel: 'general',
			position: '',
			phone: '',
			roles: ['learner']
		});
		expect(r2).toEqual({ ok: false, errors: [{ field: 'unit', code: 'unknown' }] });
		expect(await getPerson(t.sql, ids.A001)).toEqual(before);
		expect(
			await updatePerson(t.sql, 999_999, {
				name: '甲',
				unitId: u.county,
				rankLevel: 'general',
				position: '',
				phone: '',
				roles: ['learner']
			})
		).toBeNull();
	});

	it('disabling ends the person’s sessions; enabling does not need them', async () => {
		await session(ids.A002, 's-a002-1');
		await session(ids.A002, 's-a002-2');
		await session(ids.A001, 's-a001-1');
		expect(await setActive(t.sql, ids.A002, false)).toBe(true);
		expect(await sessionCount(ids.A002)).toBe(0);
		expect(await sessionCount(ids.A001)).toBe(1);
		expect((await getPerson(t.sql, ids.A002))?.active).toBe(false);
		expect(await setActive(t.sql, ids.A002, true)).toBe(true);
		expect((await getPerson(t.sql, ids.A002))?.active).toBe(true);
		expect(await setActive(t.sql, 999_999, false)).toBe(false);
	});

	it('resets a password to a one-time temporary one that must be changed', async () => {
		await session(ids.A003, 's-a003');
		const temp = await resetPassword(t.sql, ids.A003);
		expect(temp).toMatch(/^[A-HJ-NP-Za-km-z2-9]{10}$/);
		const [row] =
			await t.sql`select password_hash, must_change_password from users where id = ${ids.A003}`;
		expect(await verifyPassword(row.password_hash, temp!)).toBe(true);
		expect(row.must_change_password).toBe(true);
		expect(await sessionCount(ids.A003)).toBe(0);
		expect(await resetPassword(t.sql, 999_999)).toBeNull();
		const many = new Set(Array.from({ length: 200 }, () => temporaryPassword()));
		expect(many.size).toBe(200);
		for (const p of many) expect(p).toMatch(/^(?=.*[A-Za-z])(?=.*\d)[^0O1lIo]{10}$/);
	});

	it('replaces leader scopes, refusing unknown units', async () => {
		expect(await setLeaderScopes(t.sql, ids.A001, [u.township, u.county2, u.township])).toBe(true);
		expect((await getPerson(t.sql, ids.A001))?.leaderScopes).toEqual(
			[
				{ unitId: u.township, path: '昌吉州/呼图壁县/五工台镇' },
				{ unitId: u.county2, path: '昌吉州/玛纳斯县' }
			].sort((a, b) => a.path.localeCompare(b.path, 'zh-CN'))
		);
		expect(await setLeaderScopes(t.sql, ids.A001, [u.dept, 999_999])).toBe(false);
		expect((await getPerson(t.sql, ids.A001))?.leaderScopes).toHaveLength(2);
		expect(await setLeaderScopes(t.sql, ids.A001, [])).toBe(true);
		expect((await getPerson(t.sql, ids.A001))?.leaderScopes).toEqual([]);
	});
});
