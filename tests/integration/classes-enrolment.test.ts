// Enrolment into an offline class: capacity and quotas hold under concurrent
// requests (enforced by the database), scope, waiting list.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import postgres from 'postgres';
import { createTestSchema, type TestDb } from '../../src/lib/server/db/test-schema';
import { clientOptions } from '../../src/lib/server/db/index';
import { nominate, withdraw } from '../../src/lib/server/classes/enrolment';
import { setQuota } from '../../src/lib/server/classes/classes';
import { person, world } from './class-fixtures';

let t: TestDb;
beforeAll(async () => {
	t = await createTestSchema();
});
afterAll(() => t.drop());

describe('class enrolment', () => {
	it('parallel selections for the last places: exactly the capacity is enrolled', async () => {
		const w = await world(t.sql, 5);
		const people = [];
		for (let i = 0; i < 20; i++) people.push(await person(t.sql, w.townB));
		// 20 requests on 8 separate connections at once
		const wide = postgres(process.env.DATABASE_URL!, {
			...clientOptions,
			max: 8,
			connection: { search_path: t.schema }
		});
		try {
			const results = await Promise.all(
				people.map((p) => nominate(wide, { classId: w.classId, actor: w.admin, userIds: [p.id] }))
			);
			expect(results.flatMap((r) => r.enrolled)).toHaveLength(5);
			expect(results.flatMap((r) => r.waitlisted)).toHaveLength(15);
		} finally {
			await wide.end();
		}
		const [c] = await t.sql`
			select enrolled_count, (select count(*) from class_enrolments where class_id = ${w.classId} and status = 'enrolled') as n
			from classes where id = ${w.classId}`;
		expect(c).toEqual({ enrolled_count: 5, n: 5 });
	});

	it('the database itself refuses a sixth enrolled row', async () => {
		const w = await world(t.sql, 1);
		const a = await person(t.sql, w.townB);
		const b = await person(t.sql, w.townB);
		await nominate(t.sql, { classId: w.classId, actor: w.admin, userIds: [a.id] });
		await expect(
			t.sql`insert into class_enrolments (class_id, user_id, status, via) values (${w.classId}, ${b.id}, 'enrolled', 'selection')`
		).rejects.toMatchObject({ code: '23514' });
	});

	it('a leader nominates within the quota and only in their subtree', async () => {
		const w = await world(t.sql, 10);
		await setQuota(t.sql, w.classId, w.townA, 2);
		const inA = [
			await person(t.sql, w.townA),
			await person(t.sql, w.townA),
			await person(t.sql, w.townA)
		];
		const inB = await person(t.sql, w.townB);
		const r = await nominate(t.sql, {
			classId: w.classId,
			actor: w.leaderA,
			userIds: [...inA.map((p) => p.id), inB.id]
		});
		expect(r.enrolled).toEqual([inA[0].id, inA[1].id]);
		expect(r.refused.map((x) => [x.userId, x.code])).toEqual([
			[inA[2].id, 'quota_full'],
			[inB.id, 'outside_scope']
		]);
		expect(r.refused[0].reason).toContain('2');
		const [{ n }] =
			await t.sql`select count(*) as n from class_enrolments where class_id = ${w.classId}`;
		expect(n).toBe(2);
		const [q] = await t.sql`select used from class_quotas where class_id = ${w.classId}`;
		expect(q.used).toBe(2);
		// and the database refuses a third under the quota even without the app
		await expect(
			t.sql`insert into class_enrolments (class_id, user_id, status, via, quota_unit_id)
				values (${w.classId}, ${inA[2].id}, 'enrolled', 'nomination', ${w.townA})`
		).rejects.toMatchObject({ code: '23514' });
	});

	it('parallel nominations under one quota: exactly the quota succeeds', async () => {
		const w = await world(t.sql, 100);
		await setQuota(t.sql, w.classId, w.townA, 3);
		const people = [];
		for (let i = 0; i < 10; i++) people.push(await person(t.sql, w.townA));
		const wide = postgres(process.env.DATABASE_URL!, {
			...clientOptions,
			max: 6,
			connection: { search_path: t.schema }
		});
		try {
			const rs = await Promise.all(
				people.map((p) => nominate(wide, { classId: w.classId, actor: w.leaderA, userIds: [p.id] }))
			);
			expect(rs.flatMap((r) => r.enrolled)).toHaveLength(3);
			expect(rs.flatMap((r) => r.refused.map((x) => x.code))).toEqual(Array(7).fill('quota_full'));
		} finally {
			await wide.end();
		}
	});

	it('a leader without a quota for the unit is refused; the waiting list moves up on withdrawal', async () => {
		const w = await world(t.sql, 2);
		const a = await person(t.sql, w.townA);
		const r0 = await nominate(t.sql, { classId: w.classId, actor: w.leaderA, userIds: [a.id] });
		expect(r0.refused[0].code).toBe('quota_none');
		const [p1, p2, p3, p4] = [
			await person(t.sql, w.townB),
			await person(t.sql, w.townB),
			await person(t.sql, w.townB),
			await person(t.sql, w.townB)
		];
		const r = await nominate(t.sql, {
			classId: w.classId,
			actor: w.admin,
			userIds: [p1.id, p2.id, p3.id, p4.id]
		});
		expect(r).toMatchObject({ enrolled: [p1.id, p2.id], waitlisted: [p3.id, p4.id] });
		expect((await withdraw(t.sql, { classId: w.classId, actor: p1, userId: p1.id })).promoted).toBe(
			p3.id
		);
		// a waiting person withdrawing frees no place
		expect(
			(await withdraw(t.sql, { classId: w.classId, actor: w.admin, userId: p4.id })).promoted
		).toBe(null);
		const rows =
			await t.sql`select user_id, status from class_enrolments where class_id = ${w.classId} order by user_id`;
		expect(rows.map((x) => x.status)).toEqual(['withdrawn', 'enrolled', 'enrolled', 'withdrawn']);
		const again = await nominate(t.sql, { classId: w.classId, actor: w.admin, userIds: [p2.id] });
		expect(again.refused[0].code).toBe('already_enrolled');
	});
});
