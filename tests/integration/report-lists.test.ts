// The report's people list as a leader reads it: sub-units included by
// default (the unit row's counts and the list agree), sorting by column,
// server-side and stable across pages and the export cursor.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSchema, type TestDb } from '../../src/lib/server/db/test-schema';
import { PEOPLE_SORTS } from '../../src/lib/api/reports';
import {
	countPeople,
	peopleCursor,
	peoplePage,
	peopleParams,
	type PersonRow
} from '../../src/lib/server/reports/people';
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
	// varied progress and last activity (some never), with ties, to sort by
	await t.sql`
		update programme_assignments set
			required_done = case status when 'completed' then 2 when 'in_progress' then user_id % 2 else 0 end,
			last_activity_at = case when status = 'not_started' then null
				else now() - make_interval(hours => user_id % 7) end
		where programme_id = ${programme.id}`;
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

describe('people lists sort by each column on the server', () => {
	const base = () => ({ ...peopleParams(new URLSearchParams('')), programme, unitId: county });
	const ids = (rows: PersonRow[]) => rows.map((r) => r.userId);

	it('every column, both ways: the pages put together are the whole list in one order, as the export', async () => {
		for (const sort of PEOPLE_SORTS) {
			for (const dir of ['asc', 'desc'] as const) {
				const q = { ...base(), sort, dir };
				const whole = await peoplePage(t.sql, q, 1, 1000);
				const paged: PersonRow[] = [];
				for (let p = 1; p <= 4; p++) paged.push(...(await peoplePage(t.sql, q, p, 8)).rows);
				expect(ids(paged), `${sort} ${dir}`).toEqual(ids(whole.rows));
				expect(new Set(ids(paged)).size).toBe(whole.total);
				const exported: PersonRow[] = [];
				for await (const b of peopleCursor(t.sql, q, 5)) exported.push(...b);
				expect(ids(exported), `export ${sort} ${dir}`).toEqual(ids(whole.rows));
			}
		}
	});

	it('orders by the value (nulls last either way), ties by person', async () => {
		const value: Record<string, (r: PersonRow) => number | null> = {
			progress: (r) => r.requiredDone / r.requiredTotal,
			last_activity: (r) => (r.lastActivityAt ? r.lastActivityAt.getTime() : null),
			overdue: (r) => (r.status !== 'completed' ? 1 : 0)
		};
		for (const [sort, f] of Object.entries(value)) {
			for (const dir of ['asc', 'desc'] as const) {
				const { rows } = await peoplePage(
					t.sql,
					{ ...base(), sort: sort as 'progress', dir },
					1,
					1000
				);
				const oracle = [...rows].sort((a, b) => {
					const x = f(a),
						y = f(b);
					if (x === null || y === null) return x === y ? a.userId - b.userId : x === null ? 1 : -1;
					return (dir === 'asc' ? x - y : y - x) || a.userId - b.userId;
				});
				expect(ids(rows), `${sort} ${dir}`).toEqual(ids(oracle));
			}
		}
		// nulls exist and sit last when newest first
		const { rows } = await peoplePage(
			t.sql,
			{ ...base(), sort: 'last_activity', dir: 'desc' },
			1,
			1000
		);
		expect(rows.at(-1)!.lastActivityAt).toBeNull();
		expect(rows[0].lastActivityAt).not.toBeNull();
	});

	it('an unknown sort or direction falls back to the default order (status, then employee number)', async () => {
		const p = peopleParams(new URLSearchParams('sort=u.name;drop table users&dir=sideways'));
		expect(p).toMatchObject({ sort: 'status', dir: 'asc' });
		const { rows } = await peoplePage(t.sql, { ...p, programme, unitId: county }, 1, 1000);
		const rank = { not_started: 0, in_progress: 1, completed: 2 };
		for (let i = 1; i < rows.length; i++)
			expect(rank[rows[i - 1].status] <= rank[rows[i].status]).toBe(true);
	});
});
