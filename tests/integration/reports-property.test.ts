// Property: whatever happens to assignments (inserts in bulk, status changes,
// moves between units, removals and returns, deletes), the rollup from the
// trigger-kept counters equals a naive recomputation from the assignments.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSchema, type TestDb } from '../../src/lib/server/db/test-schema';
import { subtreeRollup } from '../../src/lib/server/reports/rollup';
import type { SessionUser } from '../../src/lib/server/auth/types';
import { updatePerson } from '../../src/lib/server/org/people';
import { onCourseCompleted, publishProgramme } from '../../src/lib/server/programmes';
import { addProgramme, addUnitUnder, naiveRollup } from './reports-fixtures';

let t: TestDb;
beforeAll(async () => {
	t = await createTestSchema();
});
afterAll(() => t.drop());

const STATUS = ['not_started', 'in_progress', 'completed'] as const;
const op = fc.oneof(
	fc.record({
		kind: fc.constant('status' as const),
		who: fc.nat(),
		status: fc.constantFrom(...STATUS)
	}),
	fc.record({ kind: fc.constant('move' as const), who: fc.nat(), unit: fc.nat() }),
	fc.record({ kind: fc.constant('remove' as const), who: fc.nat() }),
	fc.record({ kind: fc.constant('return' as const), who: fc.nat() }),
	fc.record({ kind: fc.constant('delete' as const), who: fc.nat() }),
	fc.record({
		kind: fc.constant('bulk' as const),
		unit: fc.nat(),
		status: fc.constantFrom(...STATUS)
	})
);

describe('rollup property', () => {
	it('equals a naive recomputation for random trees, audiences and statuses', async () => {
		await fc.assert(
			fc.asyncProperty(
				// parent index of each unit (relative to earlier units): a random tree
				fc.array(fc.nat(), { minLength: 1, maxLength: 12 }),
				// people: unit index, status, in the audience?
				fc.array(
					fc.record({ unit: fc.nat(), status: fc.constantFrom(...STATUS), assigned: fc.boolean() }),
					{ maxLength: 25 }
				),
				fc.array(op, { maxLength: 15 }),
				async (parents, people, ops) => {
					const root = await addUnitUnder(t.sql, null, undefined, 'county');
					const units = [root];
					for (const p of parents) units.push(await addUnitUnder(t.sql, units[p % units.length]));
					const prog = await addProgramme(t.sql);
					const ids: number[] = [];
					for (const p of people) {
						const [u] = await t.sql`
							insert into users (employee_no, name, unit_id, rank_level) values
							(${'P' + Math.random().toString(36).slice(2, 12)}, '李四', ${units[p.unit % units.length]}, 'general') returning id`;
						ids.push(u.id);
					}
					// one multi-row insert, as publishing does
					const initial = people.map((p, i) => ({ ...p, id: ids[i] })).filter((p) => p.assigned);
					if (initial.length)
						await t.sql`insert into programme_assignments ${t.sql(
							initial.map((p) => ({
								programme_id: prog.id,
								user_id: p.id,
								unit_id: units[p.unit % units.length],
								status: p.status
							}))
						)}`;
					for (const o of ops) {
						const who = ids.length ? ids[('who' in o ? o.who : 0) % ids.length] : 0;
						if (o.kind === 'status')
							await t.sql`update programme_assignments set status = ${o.status} where programme_id = ${prog.id} and user_id = ${who}`;
						else if (o.kind === 'move')
							await t.sql`update programme_assignments set unit_id = ${units[o.unit % units.length]} where programme_id = ${prog.id} and user_id = ${who}`;
						else if (o.kind === 'remove')
							await t.sql`update programme_assignments set removed_at = now() where programme_id = ${prog.id} and user_id = ${who}`;
						else if (o.kind === 'return')
							await t.sql`update programme_assignments set removed_at = null where programme_id = ${prog.id} and user_id = ${who}`;
						else if (o.kind === 'delete')
							await t.sql`delete from programme_assignments where programme_id = ${prog.id} and user_id = ${who}`;
						else
							await t.sql`update programme_assignments set status = ${o.status}
								where programme_id = ${prog.id} and unit_id in (select descendant_id from org_closure where ancestor_id = ${units[o.unit % units.length]})`;
					}
					const expected = await naiveRollup(t.sql, prog.id);
					const got = (await subtreeRollup(t.sql, prog, root))
						.map((r) => ({
							unitId: r.unitId,
							assigned: r.assigned,
							notStarted: r.notStarted,
							inProgress: r.inProgress,
							completed: r.completed
						}))
						.sort((a, b) => a.unitId - b.unitId);
					expect(got).toEqual(expected);
				}
			),
			{ numRuns: 60 }
		);
	}, 120_000);
});

describe('rollup property through the programme code', () => {
	it('audiences published by publishProgramme, completions and moves by updatePerson keep the rollup exact', async () => {
		const [c] =
			await t.sql`insert into courses (title, category, status) values ('必修课', 'theory', 'published') returning id`;
		const [a] =
			await t.sql`insert into users (employee_no, name, unit_id, rank_level, roles, must_change_password)
			values ('PADM', '管理员', ${await addUnitUnder(t.sql, null, undefined, 'county')}, 'county', '{admin}', false) returning id, unit_id`;
		const admin: SessionUser = {
			id: a.id,
			employeeNo: 'PADM',
			name: '管理员',
			unitId: a.unit_id,
			roles: ['admin'],
			scopeUnitIds: [],
			locale: null,
			mustChangePassword: false
		};
		await fc.assert(
			fc.asyncProperty(
				fc.array(fc.nat(), { minLength: 2, maxLength: 10 }),
				// audience: units (indexes) whose subtrees are in it
				fc.uniqueArray(fc.nat({ max: 10 }), { minLength: 1, maxLength: 3 }),
				fc.array(fc.record({ unit: fc.nat(), done: fc.boolean() }), {
					minLength: 1,
					maxLength: 15
				}),
				// moves after publishing: person index → unit index
				fc.array(fc.record({ who: fc.nat(), unit: fc.nat() }), { maxLength: 6 }),
				async (parents, audience, people, moves) => {
					const root = await addUnitUnder(t.sql, null, undefined, 'county');
					const units = [root];
					for (const p of parents) units.push(await addUnitUnder(t.sql, units[p % units.length]));
					const ids: number[] = [];
					for (const p of people) {
						const [u] = await t.sql`
							insert into users (employee_no, name, unit_id, rank_level) values
							(${'Q' + Math.random().toString(36).slice(2, 12)}, '王五', ${units[p.unit % units.length]}, 'general') returning id`;
						ids.push(u.id);
					}
					const [p] = await t.sql<{ id: number; deadline: Date }[]>`
						insert into programmes (title, starts_at, deadline) values ('专题', now() - interval '1 day', now() + interval '9 days')
						returning id, deadline`;
					await t.sql`insert into programme_courses (programme_id, course_id, required) values (${p.id}, ${c.id}, true)`;
					for (const u of new Set(audience.map((i) => units[i % units.length])))
						await t.sql`insert into programme_units (programme_id, unit_id) values (${p.id}, ${u})`;
					expect((await publishProgramme(t.sql, p.id, admin))?.ok).toBe(true);
					for (const [i, person] of people.entries()) {
						if (!person.done) continue;
						await t.sql`insert into course_completions (user_id, course_id, completed_at) values (${ids[i]}, ${c.id}, now()) on conflict do nothing`;
						await onCourseCompleted(t.sql, ids[i], c.id, new Date());
					}
					for (const mv of moves) {
						const who = ids[mv.who % ids.length];
						await updatePerson(t.sql, who, {
							name: '王五',
							unitId: units[mv.unit % units.length],
							rankLevel: 'general',
							position: '',
							phone: '',
							roles: ['learner']
						});
					}
					const expected = await naiveRollup(t.sql, p.id);
					const got = (await subtreeRollup(t.sql, p, root))
						.map((r) => ({
							unitId: r.unitId,
							assigned: r.assigned,
							notStarted: r.notStarted,
							inProgress: r.inProgress,
							completed: r.completed
						}))
						.sort((x, y) => x.unitId - y.unitId);
					expect(got).toEqual(expected);
					// and the people in it are exactly those in the audience now
					const [{ n }] = await t.sql`
						select count(*)::int as n from users u where u.id = any(${ids}::int[]) and exists (
							select 1 from programme_units pu join org_closure oc on oc.ancestor_id = pu.unit_id
							where pu.programme_id = ${p.id} and oc.descendant_id = u.unit_id)`;
					expect(got.find((r) => r.unitId === root)?.assigned ?? 0).toBe(n);
				}
			),
			{ numRuns: 25 }
		);
	}, 120_000);
});
