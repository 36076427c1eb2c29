// The deadline job on a real pg-boss: an attempt left open is graded at its
// due time (the run queued for that moment), not before.
import PgBoss from 'pg-boss';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestSchema, type TestDb } from '../../src/lib/server/db/test-schema';
import { saveAnswers, startAttempt } from '../../src/lib/server/quiz/attempts';
import { registerQuizJobs, scheduleDeadline } from '../../src/lib/server/quiz/jobs';
import { addUnit, addUser } from './progress-fixtures';
import { courseWithBank, paperOf, publishedQuiz, rightAnswers } from './quiz-fixtures';

let t: TestDb;
let boss: PgBoss;
let bossSchema: string;

beforeAll(async () => {
	t = await createTestSchema();
	bossSchema = `${t.schema}_boss`;
	boss = new PgBoss({ connectionString: process.env.DATABASE_URL!, schema: bossSchema, max: 2 });
	await boss.start();
	await registerQuizJobs({ boss, sql: t.sql, schema: bossSchema });
});

afterAll(async () => {
	await boss.stop({ graceful: false, wait: true });
	await t.sql.unsafe(`drop schema if exists ${bossSchema} cascade`);
	await t.drop();
});

it('an open attempt is graded by the job at its deadline with the answers saved before it', async () => {
	const unit = await addUnit(t.sql);
	const { lecturer, courseId } = await courseWithBank(t.sql, unit);
	const quizId = await publishedQuiz(t.sql, courseId, lecturer, { timeLimitMinutes: '1' });
	const learner = await addUser(t.sql, unit);
	const a = await startAttempt(t.sql, learner.id, quizId);
	const paper = await paperOf(t.sql, a.attemptId);
	await saveAnswers(t.sql, learner.id, a.attemptId, rightAnswers(paper));
	// The shortest time limit is a minute: move this attempt's deadline to 3 s from now.
	const [{ due }] =
		await t.sql`update quiz_attempts set due_at = now() + interval '3 seconds' where id = ${a.attemptId} returning due_at as due`;
	await scheduleDeadline(due);
	await new Promise((r) => setTimeout(r, 1500));
	expect(
		(await t.sql`select submitted_at from quiz_attempts where id = ${a.attemptId}`)[0].submitted_at
	).toBeNull();
	const end = Date.now() + 30_000;
	let row;
	while (Date.now() < end) {
		[row] =
			await t.sql`select submitted_at, submitted_by, score, passed, due_at from quiz_attempts where id = ${a.attemptId}`;
		if (row.submitted_at) break;
		await new Promise((r) => setTimeout(r, 250));
	}
	expect(row!.submitted_by).toBe('deadline');
	expect(row!.submitted_at.getTime()).toBe(row!.due_at.getTime());
	expect(Number(row!.score)).toBe(5);
	expect(row!.passed).toBe(true);
}, 60_000);
