import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestSchema, type TestDb } from '../../src/lib/server/db/test-schema';
import { seedDemoProgress } from '../../src/lib/server/seed/progress';
import { continueWatching, myCourses } from '../../src/lib/server/progress/summaries';
import { addCourse, addUnit, addUser } from './progress-fixtures';

let t: TestDb;
beforeAll(async () => {
	t = await createTestSchema();
});
afterAll(() => t.drop());

it('seedDemoProgress: partial coverage, a few finished courses with one ledger row each', async () => {
	const unit = await addUnit(t.sql);
	const learner = await addUser(t.sql, unit);
	await t.sql`update users set employee_no = 'learner' where id = ${learner.id}`;
	for (let i = 0; i < 30; i++) await addUser(t.sql, unit);
	await addCourse(t.sql, { durations: [60, 45] });
	await addCourse(t.sql, { durations: [40, 36, 30] });
	const result = await seedDemoProgress(t.sql);
	expect(result.learners).toBe(25);
	expect(result.completedCourses).toBe(6); // every fourth of 24
	const [ledger] =
		await t.sql`select count(*)::int as n, count(distinct (user_id, source_id))::int as d from credit_ledger`;
	expect(ledger).toEqual({ n: 6, d: 6 });
	const bad = await t.sql`
		select 1 from lesson_progress lp join lessons l on l.id = lp.lesson_id
		where length(lp.watched) <> l.duration_seconds or bit_count(lp.watched) <> lp.seconds_watched`;
	expect(bad.length).toBe(0);
	const cw = await continueWatching(t.sql, learner.id, 5);
	expect(cw.length).toBe(1);
	expect(cw[0].coverage).toBeCloseTo(0.4, 1);
	expect((await myCourses(t.sql, learner.id)).length).toBe(1);
});
