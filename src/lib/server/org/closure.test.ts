// Closure-table maintenance steps, on a real PostgreSQL schema (no mocks).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestSchema, type TestDb } from '../db/test-schema.ts';
import {
	ancestors,
	closureRows,
	expectedClosureRows,
	insertLeafClosure,
	isDescendant,
	moveSubtreeClosure
} from './closure.ts';
import { inTransaction } from '../db/tx.ts';

let t: TestDb;
beforeAll(async () => {
	t = await createTestSchema();
});
afterAll(async () => {
	await t?.drop();
});
beforeEach(async () => {
	await t.sql`truncate org_units restart identity cascade`;
});

/** Inserts a unit row and its closure the way createUnit does; returns its id. */
async function add(name: string, parentId: number | null): Promise<number> {
	const [{ id }] = await t.sql<{ id: number }[]>`
		insert into org_units (parent_id, name, kind) values (${parentId}, ${name}, 'other') returning id`;
	await insertLeafClosure(t.sql, id, parentId);
	return id;
}

async function reparent(id: number, parentId: number | null) {
	await inTransaction(t.sql, async (tx) => {
		await moveSubtreeClosure(tx, id, parentId);
		await tx`update org_units set parent_id = ${parentId} where id = ${id}`;
	});
}

describe('closure maintenance', () => {
	it('gives a new leaf every ancestor of its parent plus itself', async () => {
		const a = await add('a', null);
		const b = await add('b', a);
		const c = await add('c', b);
		expect(await closureRows(t.sql)).toEqual([
			[a, a, 0],
			[a, b, 1],
			[a, c, 2],
			[b, b, 0],
			[b, c, 1],
			[c, c, 0]
		]);
		expect(await closureRows(t.sql)).toEqual(await expectedClosureRows(t.sql));
	});

	it('moves a subtree: old links gone, new cross product in, inner rows kept', async () => {
		// a → b → c → d, a → e;  move c (with d) under e
		const a = await add('a', null);
		const b = await add('b', a);
		const c = await add('c', b);
		const d = await add('d', c);
		const e = await add('e', a);
		await reparent(c, e);
		const rows = await closureRows(t.sql);
		expect(rows).toEqual(await expectedClosureRows(t.sql));
		expect(rows).toContainEqual([e, d, 2]);
		expect(rows).toContainEqual([a, d, 3]);
		expect(rows).toContainEqual([c, d, 1]);
		expect(rows.filter(([anc]) => anc === b)).toEqual([[b, b, 0]]);
		expect((await ancestors(t.sql, d)).map((p) => p.name)).toEqual(['a', 'e', 'c', 'd']);
	});

	it('moves a subtree to the top level and back under a deep unit', async () => {
		const a = await add('a', null);
		const b = await add('b', a);
		const c = await add('c', b);
		await reparent(b, null);
		expect(await isDescendant(t.sql, a, c)).toBe(false);
		expect(await closureRows(t.sql)).toEqual(await expectedClosureRows(t.sql));
		const x = await add('x', a);
		const y = await add('y', x);
		await reparent(b, y);
		expect((await ancestors(t.sql, c)).map((p) => p.id)).toEqual([a, x, y, b, c]);
		expect(await closureRows(t.sql)).toEqual(await expectedClosureRows(t.sql));
	});

	it('isDescendant includes the unit itself and is false for strangers', async () => {
		const a = await add('a', null);
		const b = await add('b', a);
		const z = await add('z', null);
		expect(await isDescendant(t.sql, a, b)).toBe(true);
		expect(await isDescendant(t.sql, a, a)).toBe(true);
		expect(await isDescendant(t.sql, b, a)).toBe(false);
		expect(await isDescendant(t.sql, z, b)).toBe(false);
		expect(await ancestors(t.sql, 12345)).toEqual([]);
	});

	it('inTransaction nests as a savepoint inside a transaction', async () => {
		await t.sql.begin(async (tx) => {
			await tx`insert into org_units (name, kind) values ('kept', 'other')`;
			await inTransaction(tx, async (inner) => {
				await inner`insert into org_units (name, kind) values ('undone', 'other')`;
				throw new Error('undo');
			}).catch(() => {});
		});
		expect((await t.sql`select name from org_units`).map((r) => r.name)).toEqual(['kept']);
	});
});
