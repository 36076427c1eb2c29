// The org tree on real PostgreSQL: create, rename, move, delete, refusals, and
// a property test that the closure table always equals the closure computed
// from parent_id by a naive recursive query.
import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { closureRows, expectedClosureRows } from '../../src/lib/server/org/closure.ts';
import {
	ancestors,
	createUnit,
	deleteUnit,
	getUnit,
	isDescendant,
	listChildren,
	moveUnit,
	searchUnits,
	UnitError,
	updateUnit
} from '../../src/lib/server/org/units.ts';
import { UNIT_KINDS } from '../../src/lib/server/org/unit-kinds.ts';
import { createTestSchema, type TestDb } from '../../src/lib/server/db/test-schema.ts';

let t: TestDb;
beforeAll(async () => {
	t = await createTestSchema();
});
afterAll(async () => {
	await t?.drop();
});

async function reset() {
	await t.sql`truncate users, org_units restart identity cascade`;
}

async function expectUnitError(p: Promise<unknown>, code: string) {
	const e = await p.then(
		() => null,
		(err: unknown) => err
	);
	expect(e).toBeInstanceOf(UnitError);
	expect((e as UnitError).code).toBe(code);
}

async function expectClosureRight() {
	expect(await closureRows(t.sql)).toEqual(await expectedClosureRows(t.sql));
}

let employeeSeq = 0;
async function addPerson(unitId: number, active = true) {
	await t.sql`
		insert into users (employee_no, name, unit_id, rank_level, active)
		values (${'e' + ++employeeSeq}, '张三', ${unitId}, 'general', ${active})`;
}

/** 昌吉州 → 呼图壁县 → 五工台镇 → 一村; 昌吉州 → 玛纳斯县 */
async function sampleTree() {
	const zhou = await createUnit(t.sql, { parentId: null, name: '昌吉州', kind: 'prefecture' });
	const htb = await createUnit(t.sql, {
		parentId: zhou.id,
		name: '呼图壁县',
		kind: 'county',
		sortOrder: 1
	});
	const wgt = await createUnit(t.sql, { parentId: htb.id, name: '五工台镇', kind: 'township' });
	const cun = await createUnit(t.sql, { parentId: wgt.id, name: '一村', kind: 'village' });
	const mns = await createUnit(t.sql, {
		parentId: zhou.id,
		name: '玛纳斯县',
		kind: 'county',
		sortOrder: 2
	});
	return { zhou, htb, wgt, cun, mns };
}

describe('org units', () => {
	beforeEach(reset);

	it('creates units with their closure rows', async () => {
		const { zhou, htb, wgt, cun } = await sampleTree();
		expect(cun).toMatchObject({ parentId: wgt.id, name: '一村', kind: 'village', sortOrder: 0 });
		expect(await ancestors(t.sql, cun.id)).toEqual([
			{ id: zhou.id, name: '昌吉州', kind: 'prefecture', depth: 3 },
			{ id: htb.id, name: '呼图壁县', kind: 'county', depth: 2 },
			{ id: wgt.id, name: '五工台镇', kind: 'township', depth: 1 },
			{ id: cun.id, name: '一村', kind: 'village', depth: 0 }
		]);
		expect(await isDescendant(t.sql, zhou.id, cun.id)).toBe(true);
		expect(await isDescendant(t.sql, cun.id, cun.id)).toBe(true);
		expect(await isDescendant(t.sql, cun.id, zhou.id)).toBe(false);
		await expectClosureRight();
	});

	it('accepts every kind the schema allows', async () => {
		for (const kind of UNIT_KINDS)
			await createUnit(t.sql, { parentId: null, name: `k-${kind}`, kind });
		expect((await listChildren(t.sql, null)).map((u) => u.kind).sort()).toEqual(
			[...UNIT_KINDS].sort()
		);
	});

	it('trims names and refuses bad input without writing anything', async () => {
		const u = await createUnit(t.sql, { parentId: null, name: '  昌吉州 ', kind: 'prefecture' });
		expect(u.name).toBe('昌吉州');
		await expectUnitError(
			createUnit(t.sql, { parentId: null, name: '   ', kind: 'county' }),
			'invalid_name'
		);
		await expectUnitError(
			createUnit(t.sql, { parentId: null, name: 'a/b', kind: 'county' }),
			'invalid_name'
		);
		await expectUnitError(
			createUnit(t.sql, { parentId: null, name: '县'.repeat(101), kind: 'county' }),
			'invalid_name'
		);
		await expectUnitError(
			createUnit(t.sql, { parentId: null, name: 'x', kind: 'city' }),
			'invalid_kind'
		);
		await expectUnitError(
			createUnit(t.sql, { parentId: null, name: 'x', kind: 'county', sortOrder: 1.5 }),
			'invalid_sort_order'
		);
		await expectUnitError(
			createUnit(t.sql, { parentId: 999, name: 'x', kind: 'county' }),
			'parent_not_found'
		);
		await expectUnitError(
			createUnit(t.sql, { parentId: null, name: '昌吉州', kind: 'county' }),
			'name_taken'
		);
		const [{ n }] = await t.sql`select count(*) as n from org_units`;
		expect(n).toBe(1);
		await expectClosureRight();
	});

	it('renames and changes kind, refusing a sibling name clash', async () => {
		const { htb, mns, wgt } = await sampleTree();
		const renamed = await updateUnit(t.sql, htb.id, {
			name: '呼图壁县（新）',
			kind: 'other',
			sortOrder: 5
		});
		expect(renamed).toMatchObject({
			id: htb.id,
			name: '呼图壁县（新）',
			kind: 'other',
			sortOrder: 5,
			parentId: htb.parentId
		});
		expect((await getUnit(t.sql, htb.id))?.name).toBe('呼图壁县（新）');
		// Only the given fields change.
		expect(await updateUnit(t.sql, htb.id, { sortOrder: 7 })).toMatchObject({
			name: '呼图壁县（新）',
			kind: 'other',
			sortOrder: 7
		});
		// Renaming to its own name is fine; to a sibling's is not; a cousin's name is.
		await updateUnit(t.sql, mns.id, { name: '玛纳斯县' });
		await expectUnitError(updateUnit(t.sql, mns.id, { name: '呼图壁县（新）' }), 'name_taken');
		await updateUnit(t.sql, wgt.id, { name: '玛纳斯县' });
		await expectUnitError(updateUnit(t.sql, 999, { name: 'x' }), 'not_found');
		await expectUnitError(updateUnit(t.sql, htb.id, { kind: 'nation' }), 'invalid_kind');
		await expectClosureRight();
	});

	it('moves a whole subtree and keeps the closure right', async () => {
		const { zhou, htb, wgt, cun, mns } = await sampleTree();
		const moved = await moveUnit(t.sql, wgt.id, mns.id);
		expect(moved.parentId).toBe(mns.id);
		expect((await ancestors(t.sql, cun.id)).map((a) => a.name)).toEqual([
			'昌吉州',
			'玛纳斯县',
			'五工台镇',
			'一村'
		]);
		expect(await isDescendant(t.sql, htb.id, cun.id)).toBe(false);
		expect(await isDescendant(t.sql, mns.id, cun.id)).toBe(true);
		await expectClosureRight();
		// To the top level and back.
		await moveUnit(t.sql, wgt.id, null);
		expect((await ancestors(t.sql, cun.id)).map((a) => a.name)).toEqual(['五工台镇', '一村']);
		expect((await listChildren(t.sql, null)).map((u) => u.name).sort()).toEqual(
			['五工台镇', '昌吉州'].sort()
		);
		await expectClosureRight();
		await moveUnit(t.sql, wgt.id, htb.id);
		expect((await ancestors(t.sql, cun.id)).map((a) => a.id)).toEqual([
			zhou.id,
			htb.id,
			wgt.id,
			cun.id
		]);
		// Moving to the current parent changes nothing.
		await moveUnit(t.sql, wgt.id, htb.id);
		await expectClosureRight();
	});

	it('refuses cycles, clashes and missing units on move', async () => {
		const { zhou, htb, wgt, cun, mns } = await sampleTree();
		await expectUnitError(moveUnit(t.sql, htb.id, htb.id), 'cycle');
		await expectUnitError(moveUnit(t.sql, htb.id, cun.id), 'cycle');
		await expectUnitError(moveUnit(t.sql, zhou.id, wgt.id), 'cycle');
		await expectUnitError(moveUnit(t.sql, htb.id, 999), 'parent_not_found');
		await expectUnitError(moveUnit(t.sql, 999, htb.id), 'not_found');
		await createUnit(t.sql, { parentId: mns.id, name: '五工台镇', kind: 'township' });
		await expectUnitError(moveUnit(t.sql, wgt.id, mns.id), 'name_taken');
		expect((await getUnit(t.sql, wgt.id))?.parentId).toBe(htb.id);
		await expectClosureRight();
	});

	it('deletes only units without children or people', async () => {
		const { htb, wgt, cun } = await sampleTree();
		await expectUnitError(deleteUnit(t.sql, wgt.id), 'has_children');
		await addPerson(cun.id);
		await expectUnitError(deleteUnit(t.sql, cun.id), 'has_people');
		const err = await deleteUnit(t.sql, cun.id).catch((e: UnitError) => e);
		expect((err as UnitError).params).toEqual({ count: 1 });
		await t.sql`delete from users`;
		await deleteUnit(t.sql, cun.id);
		expect(await getUnit(t.sql, cun.id)).toBeNull();
		await deleteUnit(t.sql, wgt.id);
		expect(await listChildren(t.sql, htb.id)).toEqual([]);
		await expectUnitError(deleteUnit(t.sql, wgt.id), 'not_found');
		await expectClosureRight();
	});

	it('lists children with subtree counts in display order', async () => {
		const { zhou, htb, wgt, cun, mns } = await sampleTree();
		await addPerson(htb.id);
		await addPerson(wgt.id);
		await addPerson(cun.id, false);
		await addPerson(mns.id);
		const kids = await listChildren(t.sql, zhou.id);
		expect(kids).toEqual([
			{
				id: htb.id,
				parentId: zhou.id,
				name: '呼图壁县',
				kind: 'county',
				sortOrder: 1,
				childCount: 1,
				descendantCount: 2,
				peopleCount: 3,
				activePeopleCount: 2
			},
			{
				id: mns.id,
				parentId: zhou.id,
				name: '玛纳斯县',
				kind: 'county',
				sortOrder: 2,
				childCount: 0,
				descendantCount: 0,
				peopleCount: 1,
				activePeopleCount: 1
			}
		]);
		const roots = await listChildren(t.sql, null);
		expect(roots.map((r) => [r.name, r.childCount, r.descendantCount, r.peopleCount])).toEqual([
			['昌吉州', 2, 4, 4]
		]);
		expect(await listChildren(t.sql, cun.id)).toEqual([]);
	});

	it('searches by name within scopes, with full paths', async () => {
		const { zhou, htb, wgt, mns } = await sampleTree();
		await createUnit(t.sql, { parentId: mns.id, name: '乐土驿镇', kind: 'township' });
		await createUnit(t.sql, { parentId: htb.id, name: '县直机关', kind: 'department' });
		const all = await searchUnits(t.sql, '县', null, 10);
		// Prefix matches first, then by length.
		expect(all[0].name).toBe('县直机关');
		expect(
			all
				.slice(1)
				.map((h) => h.name)
				.sort()
		).toEqual(['呼图壁县', '玛纳斯县'].sort());
		expect(all.find((h) => h.id === htb.id)).toMatchObject({
			id: htb.id,
			path: ['昌吉州', '呼图壁县'],
			pathIds: [zhou.id, htb.id]
		});
		expect(
			(await searchUnits(t.sql, '镇', [htb.id], 10)).map((h) => [h.name, h.path.join('/')])
		).toEqual([['五工台镇', '昌吉州/呼图壁县/五工台镇']]);
		expect(
			(await searchUnits(t.sql, '镇', [wgt.id, mns.id], 10)).map((h) => h.name).sort()
		).toEqual(['乐土驿镇', '五工台镇'].sort());
		expect(await searchUnits(t.sql, '镇', [], 10)).toEqual([]);
		expect(await searchUnits(t.sql, '  ', null, 10)).toEqual([]);
		expect(await searchUnits(t.sql, '%', null, 10)).toEqual([]);
		expect(await searchUnits(t.sql, '县', null, 1)).toHaveLength(1);
	});

	it('serialises concurrent moves so the closure stays right', async () => {
		const { zhou, htb, mns } = await sampleTree();
		// Two moves that together would form a cycle. The first holds its
		// transaction open; the second must wait for it, then see the cycle.
		let second: Promise<unknown> | undefined;
		let secondSettled = false;
		await t.sql.begin(async (tx) => {
			await moveUnit(tx, htb.id, mns.id);
			second = moveUnit(t.sql, mns.id, htb.id).finally(() => (secondSettled = true));
			second.catch(() => {});
			await new Promise((r) => setTimeout(r, 300));
			expect(secondSettled).toBe(false);
		});
		await expectUnitError(second!, 'cycle');
		expect((await getUnit(t.sql, htb.id))?.parentId).toBe(mns.id);
		expect((await getUnit(t.sql, mns.id))?.parentId).toBe(zhou.id);
		await expectClosureRight();
	});

	it('works inside a caller transaction (savepoint) and rolls back with it', async () => {
		const { zhou } = await sampleTree();
		await t.sql
			.begin(async (tx) => {
				await createUnit(tx, { parentId: zhou.id, name: '园区', kind: 'park' });
				await expectUnitError(
					createUnit(tx, { parentId: zhou.id, name: '园区', kind: 'park' }),
					'name_taken'
				);
				throw new Error('roll back');
			})
			.catch(() => {});
		expect((await listChildren(t.sql, zhou.id)).map((u) => u.name)).not.toContain('园区');
		await expectClosureRight();
	});
});

describe('closure property', () => {
	type Op = { op: 'create'; parent: number } | { op: 'move'; unit: number; parent: number };
	// Indexes pick among the units created so far; parent -1 means the top level.
	const opArb: fc.Arbitrary<Op> = fc.oneof(
		{
			arbitrary: fc.record({
				op: fc.constant('create' as const),
				parent: fc.integer({ min: -1, max: 30 })
			}),
			weight: 2
		},
		{
			arbitrary: fc.record({
				op: fc.constant('move' as const),
				unit: fc.nat(30),
				parent: fc.integer({ min: -1, max: 30 })
			}),
			weight: 3
		}
	);

	it('closure equals the recursive closure of parent_id after every create and move', async () => {
		await fc.assert(
			fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 30 }), async (ops) => {
				await reset();
				const ids: number[] = [];
				let n = 0;
				for (const step of ops) {
					const pick = (i: number) => (i < 0 || ids.length === 0 ? null : ids[i % ids.length]);
					if (step.op === 'create') {
						const u = await createUnit(t.sql, {
							parentId: pick(step.parent),
							name: `u${n++}`,
							kind: 'other'
						});
						ids.push(u.id);
					} else if (ids.length) {
						const unit = ids[step.unit % ids.length];
						const parent = pick(step.parent);
						const cycle = parent !== null && (await isDescendant(t.sql, unit, parent));
						try {
							await moveUnit(t.sql, unit, parent);
							expect(cycle).toBe(false);
							expect((await getUnit(t.sql, unit))?.parentId).toBe(parent);
						} catch (e) {
							// Names are all distinct, so a cycle is the only possible refusal.
							expect(cycle).toBe(true);
							expect((e as UnitError).code).toBe('cycle');
						}
					}
					expect(await closureRows(t.sql)).toEqual(await expectedClosureRows(t.sql));
				}
			}),
			{ numRuns: 40 }
		);
		// 40 runs, each truncating every table that references users or units: slow on a busy CI box.
	}, 120_000);
});
