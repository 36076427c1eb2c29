// The report's people list as a leader reads it: sub-units included by
// default (the unit row's counts and the list agree), sorting by column,
// server-side and stable across pages and the export cursor.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSchema, type TestDb } from '../../src/lib/server/db/test-schema';
import { peoplePage, peopleParams, countPeople } from '../../src/lib/server/reports/people';
import { unitReport } from '../../src/lib/server/reports/rollup';
import { addPerson, addProgramme, addUnitUnder, assign } from './reports-fixtures';

let t: TestDb;
let pref: number, county: number, townA: number, townB: number, village: number;
let programme: { id: number; deadline: Date };

beforeAll(async () => {
	t = await createTestSchema();
	pref = await addUnitUnder(t.sql, null, '昌吉州', 'prefecture');
	county = await addUnitUnder(t.sql, pref, '呼图壁县', 'county');
	townA = await addUnitUnder(t.sql, county, '五工台镇');
	townB = await addUnitUnder(t.sql, county, '大丰镇');
	village = await addUnitUnder(t.sql, townA, '五工台村', 'village');
	programme = await addProgramme(t.sql);
	const rows: { userId: number; unitId: number; status?: string }[] = [];
	// the county's own leader, not started; and many people below
	rows.push({ userId: await addPerson(t.sql, county, { name: '县领导' }), unitId: county });
	const statuses = ['not_started', 'in_progress', 'completed'];
	for (let i = 0; i < 30; i++) {
		const unit = [townA, townB, village][i % 3];
		rows.push({
			userId: await addPerson(t.sql, unit, { name: `人员${String(i).padStart(2, '0')}` }),
			unitId: unit,
			status: statuses[i % 3 === 0 ? 0 : i % 5 === 0 ? 2 : i % 2]
		});
	}
	await assign(t.sql, programme.id, rows);
});
afterAll(() => t.drop());

describe('people under a unit include sub-units by default', () => {
	it('the row counts of the county report equal the list the page shows for each status', async () => {
		const report = await unitReport(t.sql, programme, { unitId: pref });
		const row = report.rows.find((r) => r.unitId === county)!;
		const defaults = peopleParams(new URLSearchParams(''));
		for (const [filter, n] of [
			['all', row.assigned],
			['not_started', row.notStarted],
			['in_progress', row.inProgress],
			['completed', row.completed]
		] as const) {
			const q = { ...defaults, filter, programme, unitId: county };
			expect((await peoplePage(t.sql, q)).total, filter).toBe(n);
			expect(await countPeople(t.sql, q)).toBe(n);
		}
		expect(row.notStarted).toBeGreaterThan(1);
		// unticked: the county's own staff only (the leader)
		const own = peopleParams(new URLSearchParams('sub=0&status=not_started'));
		expect((await peoplePage(t.sql, { ...own, programme, unitId: county })).total).toBe(1);
	});
});
