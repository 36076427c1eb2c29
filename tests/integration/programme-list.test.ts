// A unit leader's /programmes: their own programmes to manage, and those owned
// elsewhere that reach their subtree, read-only with their own people's counts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '../../src/lib/server/auth/types';
import { createTestSchema, type TestDb } from '../../src/lib/server/db/test-schema';
import { listProgrammes } from '../../src/lib/server/programmes';
import { addPerson, addProgramme, addUnitUnder, assign } from './reports-fixtures';

let t: TestDb;
let county: number, village: number, other: number;

beforeAll(async () => {
	t = await createTestSchema();
	const pref = await addUnitUnder(t.sql, null, '昌吉州', 'prefecture');
	county = await addUnitUnder(t.sql, pref, '呼图壁县', 'county');
	village = await addUnitUnder(t.sql, county, '五工台村', 'village');
	other = await addUnitUnder(t.sql, pref, '玛纳斯县', 'county');
});
afterAll(() => t.drop());

const leader = (unitId: number): SessionUser => ({
	id: 0,
	employeeNo: 'L',
	name: '领导',
	unitId,
	roles: ['leader'],
	scopeUnitIds: [unitId],
	locale: null,
	mustChangePassword: false
});

describe('a leader’s programme list', () => {
	it('shows a global programme reaching the subtree read-only with in-scope counts; not one that does not reach it, nor a draft', async () => {
		const global = await addProgramme(t.sql, { title: '全局专题' });
		const elsewhere = await addProgramme(t.sql, { title: '外县专题' });
		const draft = await addProgramme(t.sql, { title: '草稿', status: 'draft' });
		const own = await addProgramme(t.sql, { title: '本县专题', status: 'draft' });
		await t.sql`update programmes set owner_unit_id = ${county} where id = ${own.id}`;
		const a = await addPerson(t.sql, village);
		const b = await addPerson(t.sql, village);
		const c = await addPerson(t.sql, other);
		await assign(t.sql, global.id, [
			{ userId: a, unitId: village, status: 'completed' },
			{ userId: b, unitId: village },
			{ userId: c, unitId: other, status: 'completed' }
		]);
		await assign(t.sql, elsewhere.id, [{ userId: c, unitId: other }]);
		await assign(t.sql, draft.id, [{ userId: a, unitId: village }]);

		const list = await listProgrammes(t.sql, leader(county));
		const byTitle = new Map(list.map((p) => [p.title, p]));
		expect([...byTitle.keys()].sort()).toEqual(['全局专题', '本县专题'].sort());
		expect(byTitle.get('全局专题')).toMatchObject({
			manage: false,
			assigned: 2,
			completed: 1,
			ownerPath: null
		});
		expect(byTitle.get('本县专题')).toMatchObject({ manage: true });

		const manas = await listProgrammes(t.sql, leader(other));
		expect(manas.map((p) => p.title).sort()).toEqual(['全局专题', '外县专题'].sort());
		expect(manas.find((p) => p.title === '全局专题')).toMatchObject({ assigned: 1, completed: 1 });
	});
});
