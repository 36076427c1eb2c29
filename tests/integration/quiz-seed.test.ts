// The demo seed gives each demo course a published quiz a learner can take.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSchema, type TestDb } from '../../src/lib/server/db/test-schema';
import { seedDemo } from '../../src/lib/server/seed/index';
import { demoRules } from '../../src/lib/server/seed/quizzes';
import { startAttempt } from '../../src/lib/server/quiz/attempts';
import { submitAttempt } from '../../src/lib/server/quiz/submit';

let t: TestDb;
beforeAll(async () => {
	t = await createTestSchema();
	await seedDemo(t.sql);
}, 180_000);
afterAll(() => t.drop());

describe('demo quizzes', () => {
	it('each demo course has a published 5-question random quiz that learner can start and submit', async () => {
		const quizzes = await t.sql`
			select q.id, q.required, c.title, (select sum(count)::int from quiz_draw_rules r where r.quiz_id = q.id) as n
			from quizzes q join courses c on c.id = q.course_id where q.status = 'published' order by q.id`;
		expect(quizzes.length).toBe(3);
		for (const q of quizzes) expect(q.n).toBe(5);
		expect(quizzes.filter((q) => q.required)).toHaveLength(1);
		const [learner] = await t.sql`select id from users where employee_no = 'learner'`;
		const a = await startAttempt(t.sql, learner.id, quizzes[0].id);
		const [row] = await t.sql`select paper from quiz_attempts where id = ${a.attemptId}`;
		expect(row.paper).toHaveLength(5);
		const kinds = new Set(row.paper.map((p: { kind: string }) => p.kind));
		expect(kinds.size).toBe(3);
		const r = await submitAttempt(t.sql, learner.id, a.attemptId, 'demo-seed-key', {});
		expect(r).toMatchObject({ score: 0, maxScore: 100, passed: false });
	});

	it('rules fill 5 from what the bank has', () => {
		const total = (c: Parameters<typeof demoRules>[0]) =>
			demoRules(c).reduce((n, r) => n + r.count, 0);
		expect(total({ single: 3, multiple: 2, truefalse: 2 })).toBe(5);
		expect(total({ single: 1, multiple: 0, truefalse: 9 })).toBe(5);
		expect(total({ single: 0, multiple: 0, truefalse: 0 })).toBe(0);
		expect(total({ single: 1, multiple: 1, truefalse: 1 })).toBe(3);
	});
});
