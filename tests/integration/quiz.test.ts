// Quizzes end to end at the module and route level: the key never reaches a
// learner before the policy allows, the server's deadline, idempotent submit
// under concurrent duplicates, the attempt limit, other people's attempts, bad
// input (4xx, nothing written), and the pass → credit → completion path.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSchema, type TestDb } from '../../src/lib/server/db/test-schema';
import {
	saveAnswers,
	startAttempt,
	gradeOverdue,
	GRACE_MS
} from '../../src/lib/server/quiz/attempts';
import { submitAttempt, submitLocked } from '../../src/lib/server/quiz/submit';
import { QuizError } from '../../src/lib/server/quiz/errors';
import {
	tryCompleteCourse,
	extraCompletionRequirements
} from '../../src/lib/server/progress/completion';
import { addUnit, addUser } from './progress-fixtures';
import {
	courseWithBank,
	event,
	EXPLAIN,
	paperOf,
	publishedQuiz,
	rightAnswers,
	settle,
	useTestDatabase
} from './quiz-fixtures';
import * as intro from '../../src/routes/(learner)/courses/[id=id]/quizzes/[quizId=id]/+page.server';
import * as attemptPage from '../../src/routes/(learner)/courses/[id=id]/quizzes/[quizId=id]/attempt/[attemptId]/+page.server';
import * as resultPage from '../../src/routes/(learner)/courses/[id=id]/quizzes/[quizId=id]/result/[attemptId]/+page.server';
import * as coursePage from '../../src/routes/(learner)/courses/[id=id]/+page.server';
import * as answersApi from '../../src/routes/api/attempts/[id]/answers/+server';
import * as submitApi from '../../src/routes/api/attempts/[id]/submit/+server';

let t: TestDb;
let unit: number;

beforeAll(async () => {
	t = await createTestSchema();
	unit = await addUnit(t.sql);
	await useTestDatabase(t.sql);
});
afterAll(() => t.drop());

const code = async (p: Promise<unknown>) => {
	try {
		await p;
		return 'ok';
	} catch (e) {
		if (e instanceof QuizError) return e.code;
		throw e;
	}
};
const attemptRow = async (id: number) =>
	(await t.sql`select * from quiz_attempts where id = ${id}`)[0];
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const call = (fn: any, ev: unknown) => fn(ev) as Promise<any>;

/** Every way a key or explanation could show up in serialized output. */
function expectNoKey(serialized: string, paper: { answer: number[] }[]) {
	expect(serialized).not.toContain(EXPLAIN);
	expect(serialized).not.toMatch(/"answer"|"explanation"|"key"\s*:\s*true|"texts"/);
	expect(paper.length).toBeGreaterThan(0);
}

describe('the key never reaches the learner before the policy allows', () => {
	it('intro, attempt page, autosave, submit and result (policy after_deadline, still open) carry no key', async () => {
		const { lecturer, courseId } = await courseWithBank(t.sql, unit);
		const quizId = await publishedQuiz(t.sql, courseId, lecturer, {
			resultsPolicy: 'after_deadline',
			closesAt: '2099-01-01T00:00'
		});
		const learner = await addUser(t.sql, unit);
		const params = { id: String(courseId), quizId: String(quizId) };
		const base = `/courses/${courseId}/quizzes/${quizId}`;
		const outputs: string[] = [];

		outputs.push(
			JSON.stringify(
				await call(
					coursePage.load,
					event(learner, `/courses/${courseId}`, { id: String(courseId) })
				)
			)
		);
		outputs.push(JSON.stringify(await call(intro.load, event(learner, base, params))));
		const started = await settle(() =>
			call(intro.actions.start, event(learner, `${base}?/start`, params, { form: {} }))
		);
		expect(started.status).toBe(303);
		const attemptId = Number(started.location!.split('/').pop());
		const paper = await paperOf(t.sql, attemptId);
		const page = await call(
			attemptPage.load,
			event(learner, `${base}/attempt/${attemptId}`, { ...params, attemptId: String(attemptId) })
		);
		expect(page.attempt.paper).toHaveLength(5);
		outputs.push(JSON.stringify(page));

		const answers = rightAnswers(paper);
		const saved = await call(
			answersApi.PUT,
			event(
				learner,
				`/api/attempts/${attemptId}/answers`,
				{ id: String(attemptId) },
				{ method: 'PUT', body: { answers } }
			)
		);
		expect(saved.status).toBe(200);
		outputs.push(await saved.text());
		const submitted = await call(
			submitApi.POST,
			event(
				learner,
				`/api/attempts/${attemptId}/submit`,
				{ id: String(attemptId) },
				{ method: 'POST', body: {}, headers: { 'idempotency-key': 'k-leak-test-1' } }
			)
		);
		expect(submitted.status).toBe(200);
		const body = await submitted.clone().json();
		expect(body).toMatchObject({ score: 5, maxScore: 5, passed: true });
		outputs.push(await submitted.text());

		const result = await call(
			resultPage.load,
			event(learner, `${base}/result/${attemptId}`, { ...params, attemptId: String(attemptId) })
		);
		expect(result.result.reveal).toBe(false);
		expect(result.result.questions).toBeNull();
		outputs.push(JSON.stringify(result));
		outputs.push(JSON.stringify(await call(intro.load, event(learner, base, params))));
		for (const o of outputs) expectNoKey(o, paper);

		// Once the quiz has closed, the same result page shows the key and the explanations.
		await t.sql`update quizzes set opens_at = null, closes_at = now() - interval '1 minute' where id = ${quizId}`;
		const after = await call(
			resultPage.load,
			event(learner, `${base}/result/${attemptId}`, { ...params, attemptId: String(attemptId) })
		);
		expect(after.result.reveal).toBe(true);
		expect(JSON.stringify(after)).toContain(EXPLAIN);
	});

	it('policy never: the result shows the score only; after_submit shows the key after submit', async () => {
		const { lecturer, courseId } = await courseWithBank(t.sql, unit);
		const never = await publishedQuiz(t.sql, courseId, lecturer, {
			resultsPolicy: 'never',
			title: '不公布'
		});
		const open = await publishedQuiz(t.sql, courseId, lecturer, {
			resultsPolicy: 'after_submit',
			title: '交卷后公布'
		});
		const learner = await addUser(t.sql, unit);
		for (const [quizId, reveal] of [
			[never, false],
			[open, true]
		] as const) {
			const a = await startAttempt(t.sql, learner.id, quizId);
			await submitAttempt(t.sql, learner.id, a.attemptId, 'key-policy-' + quizId, {});
			const params = {
				id: String(courseId),
				quizId: String(quizId),
				attemptId: String(a.attemptId)
			};
			const r = await call(
				resultPage.load,
				event(learner, `/courses/${courseId}/quizzes/${quizId}/result/${a.attemptId}`, params)
			);
			expect(r.result.reveal).toBe(reveal);
			expect(JSON.stringify(r).includes(EXPLAIN)).toBe(reveal);
		}
	});
});

describe('deadline', () => {
	it('answers after the due time are ignored; the attempt is graded as it stood at its deadline', async () => {
		const { lecturer, courseId } = await courseWithBank(t.sql, unit);
		const quizId = await publishedQuiz(t.sql, courseId, lecturer, { timeLimitMinutes: '1' });
		const learner = await addUser(t.sql, unit);
		const t0 = new Date();
		const a = await startAttempt(t.sql, learner.id, quizId, t0);
		expect(a.dueAt!.getTime()).toBe(t0.getTime() + 60_000);
		const paper = await paperOf(t.sql, a.attemptId);
		const oneRight = { [String(paper[0].questionId)]: paper[0].answer };
		await saveAnswers(t.sql, learner.id, a.attemptId, oneRight, new Date(t0.getTime() + 30_000));
		const late = new Date(t0.getTime() + 60_000 + GRACE_MS + 1);
		expect(await code(saveAnswers(t.sql, learner.id, a.attemptId, rightAnswers(paper), late))).toBe(
			'time_up'
		);
		const row = await attemptRow(a.attemptId);
		expect(row.answers).toEqual(oneRight);
		expect(row.submitted_by).toBe('deadline');
		expect(row.submitted_at.getTime()).toBe(a.dueAt!.getTime());
		expect(Number(row.score)).toBe(paper[0].answer.length ? 1 : 0);
		// A late submit with all answers right changes nothing.
		const s = await submitAttempt(
			t.sql,
			learner.id,
			a.attemptId,
			'late-key-123',
			rightAnswers(paper),
			late
		);
		expect(s).toMatchObject({ replayed: true, score: 1, submittedBy: 'deadline' });
	});

	it('a submit after the deadline grades the saved answers, not the late ones', async () => {
		const { lecturer, courseId } = await courseWithBank(t.sql, unit);
		const quizId = await publishedQuiz(t.sql, courseId, lecturer, { timeLimitMinutes: '1' });
		const learner = await addUser(t.sql, unit);
		const t0 = new Date();
		const a = await startAttempt(t.sql, learner.id, quizId, t0);
		const paper = await paperOf(t.sql, a.attemptId);
		const s = await submitAttempt(
			t.sql,
			learner.id,
			a.attemptId,
			'late-submit-1',
			rightAnswers(paper),
			new Date(t0.getTime() + 90_000)
		);
		expect(s).toMatchObject({ score: 0, submittedBy: 'deadline', replayed: false });
		expect((await attemptRow(a.attemptId)).answers).toEqual({});
	});

	it('the deadline sweep grades open attempts past due and leaves the others', async () => {
		const { lecturer, courseId } = await courseWithBank(t.sql, unit);
		const quizId = await publishedQuiz(t.sql, courseId, lecturer, { timeLimitMinutes: '1' });
		const [u1, u2] = [await addUser(t.sql, unit), await addUser(t.sql, unit)];
		const t0 = new Date(Date.now() - 120_000);
		const due = await startAttempt(t.sql, u1.id, quizId, t0);
		const paper = await paperOf(t.sql, due.attemptId);
		await saveAnswers(
			t.sql,
			u1.id,
			due.attemptId,
			rightAnswers(paper),
			new Date(t0.getTime() + 10_000)
		);
		const fresh = await startAttempt(t.sql, u2.id, quizId);
		expect(await gradeOverdue(t.sql)).toBeGreaterThanOrEqual(1);
		const row = await attemptRow(due.attemptId);
		expect(row).toMatchObject({ submitted_by: 'deadline', passed: true });
		expect(Number(row.score)).toBe(5);
		expect((await attemptRow(fresh.attemptId)).submitted_at).toBeNull();
		// The pass earned the exam credit.
		const [credit] =
			await t.sql`select hours from credit_ledger where user_id = ${u1.id} and source = 'exam' and source_id = ${String(quizId)}`;
		expect(Number(credit.hours)).toBe(0.5);
	});
});

describe('idempotent submit', () => {
	it('concurrent duplicates (same key, other keys, through the endpoint) yield one graded attempt and one result', async () => {
		const { lecturer, courseId } = await courseWithBank(t.sql, unit);
		const quizId = await publishedQuiz(t.sql, courseId, lecturer);
		const learner = await addUser(t.sql, unit);
		const a = await startAttempt(t.sql, learner.id, quizId);
		const paper = await paperOf(t.sql, a.attemptId);
		const answers = rightAnswers(paper, 1);
		const req = (key: string) =>
			call(
				submitApi.POST,
				event(
					learner,
					`/api/attempts/${a.attemptId}/submit`,
					{ id: String(a.attemptId) },
					{ method: 'POST', body: { answers }, headers: { 'idempotency-key': key } }
				)
			).then((r: Response) => r.json());
		const results = await Promise.all([
			req('dup-key-0001'),
			req('dup-key-0001'),
			req('dup-key-0001'),
			req('dup-key-0002'),
			submitAttempt(t.sql, learner.id, a.attemptId, 'dup-key-0001', answers)
		]);
		expect(new Set(results.map((r) => `${r.score}/${r.maxScore}/${r.passed}`)).size).toBe(1);
		expect(results.filter((r) => r.replayed === false)).toHaveLength(1);
		const [{ n }] =
			await t.sql`select count(*)::int as n from quiz_attempts where quiz_id = ${quizId} and user_id = ${learner.id} and submitted_at is not null`;
		expect(n).toBe(1);
		const [{ c }] =
			await t.sql`select count(*)::int as c from credit_ledger where user_id = ${learner.id} and source = 'exam'`;
		expect(c).toBe(1);
	});

	it('duplicates from different processes (separate connections, no in-process sharing) meet at the row lock', async () => {
		const { lecturer, courseId } = await courseWithBank(t.sql, unit);
		const quizId = await publishedQuiz(t.sql, courseId, lecturer);
		const learner = await addUser(t.sql, unit);
		const a = await startAttempt(t.sql, learner.id, quizId);
		const answers = rightAnswers(await paperOf(t.sql, a.attemptId));
		const results = await Promise.all(
			Array.from({ length: 4 }, () =>
				submitLocked(t.sql, learner.id, a.attemptId, 'row-lock-key', answers)
			)
		);
		expect(results.filter((r) => !r.replayed)).toHaveLength(1);
		expect(new Set(results.map((r) => r.score))).toEqual(new Set([5]));
		const [{ n }] =
			await t.sql`select count(*)::int as n from quiz_attempts where user_id = ${learner.id} and submitted_at is not null`;
		expect(n).toBe(1);
	});

	it('concurrent starts draw one paper', async () => {
		const { lecturer, courseId } = await courseWithBank(t.sql, unit);
		const quizId = await publishedQuiz(t.sql, courseId, lecturer);
		const learner = await addUser(t.sql, unit);
		const started = await Promise.all(
			Array.from({ length: 4 }, () => startAttempt(t.sql, learner.id, quizId))
		);
		expect(new Set(started.map((s) => s.attemptId)).size).toBe(1);
		expect(started.filter((s) => !s.resumed)).toHaveLength(1);
	});
});

describe('limits and refusals', () => {
	it('the attempt limit is enforced; a resumed attempt keeps its paper', async () => {
		const { lecturer, courseId } = await courseWithBank(t.sql, unit);
		const quizId = await publishedQuiz(t.sql, courseId, lecturer, { maxAttempts: '2' });
		const learner = await addUser(t.sql, unit);
		const first = await startAttempt(t.sql, learner.id, quizId);
		const again = await startAttempt(t.sql, learner.id, quizId);
		expect(again).toMatchObject({ attemptId: first.attemptId, resumed: true });
		await submitAttempt(t.sql, learner.id, first.attemptId, 'limit-key-1', {});
		const second = await startAttempt(t.sql, learner.id, quizId);
		expect(second.number).toBe(2);
		await submitAttempt(t.sql, learner.id, second.attemptId, 'limit-key-2', {});
		expect(await code(startAttempt(t.sql, learner.id, quizId))).toBe('attempt_limit');
		const params = { id: String(courseId), quizId: String(quizId) };
		const refused = await call(
			intro.actions.start,
			event(learner, `/courses/${courseId}/quizzes/${quizId}?/start`, params, { form: {} })
		);
		expect(refused.status).toBe(409);
		expect(refused.data.error).toContain('2');
		const [{ n }] =
			await t.sql`select count(*)::int as n from quiz_attempts where quiz_id = ${quizId} and user_id = ${learner.id}`;
		expect(n).toBe(2);
	});

	it("someone else's attempt is not found (page, autosave, submit) and nothing is written", async () => {
		const { lecturer, courseId } = await courseWithBank(t.sql, unit);
		const quizId = await publishedQuiz(t.sql, courseId, lecturer);
		const [owner, other] = [await addUser(t.sql, unit), await addUser(t.sql, unit)];
		const a = await startAttempt(t.sql, owner.id, quizId);
		const paper = await paperOf(t.sql, a.attemptId);
		const id = String(a.attemptId);
		const page = await settle(() =>
			call(
				attemptPage.load,
				event(other, '/x', { id: String(courseId), quizId: String(quizId), attemptId: id })
			)
		);
		expect(page.status).toBe(404);
		const put = await call(
			answersApi.PUT,
			event(
				other,
				`/api/attempts/${id}/answers`,
				{ id },
				{ method: 'PUT', body: { answers: rightAnswers(paper) } }
			)
		);
		expect(put.status).toBe(404);
		const sub = await call(
			submitApi.POST,
			event(
				other,
				`/api/attempts/${id}/submit`,
				{ id },
				{ method: 'POST', body: {}, headers: { 'idempotency-key': 'other-person-1' } }
			)
		);
		expect(sub.status).toBe(404);
		expect((await sub.json()).message).toBeTruthy();
		const row = await attemptRow(a.attemptId);
		expect(row.answers).toEqual({});
		expect(row.submitted_at).toBeNull();
	});

	it('bad answers and malformed bodies → 400 with a message, nothing written', async () => {
		const { lecturer, courseId } = await courseWithBank(t.sql, unit);
		const quizId = await publishedQuiz(t.sql, courseId, lecturer);
		const learner = await addUser(t.sql, unit);
		const a = await startAttempt(t.sql, learner.id, quizId);
		const paper = await paperOf(t.sql, a.attemptId);
		const id = String(a.attemptId);
		const good = { [String(paper[0].questionId)]: paper[0].answer };
		await saveAnswers(t.sql, learner.id, a.attemptId, good);
		const put = (body: unknown) =>
			call(
				answersApi.PUT,
				event(learner, `/api/attempts/${id}/answers`, { id }, { method: 'PUT', body })
			);
		const [{ id: foreign }] =
			await t.sql`select id from questions where id <> all(${paper.map((p) => p.questionId)}::int[]) limit 1`;
		for (const [body, status, errorCode] of [
			[{ answers: { ...good, [String(foreign)]: [0] } }, 400, 'unknown_question'],
			[
				{ answers: { [String(paper[0].questionId)]: [paper[0].texts.length] } },
				400,
				'unknown_option'
			],
			[{ answers: { [String(paper[0].questionId)]: 'A' } }, 400, 'bad_answers'],
			['{not json', 400, 'malformed'],
			[{ answers: [] }, 400, 'bad_answers']
		] as const) {
			const res = await put(body);
			expect(res.status).toBe(status);
			const json = await res.json();
			expect(json.error).toBe(errorCode);
			expect(json.message.length).toBeGreaterThan(3);
		}
		const noKey = await call(
			submitApi.POST,
			event(learner, `/api/attempts/${id}/submit`, { id }, { method: 'POST', body: {} })
		);
		expect(noKey.status).toBe(400);
		const badSubmit = await call(
			submitApi.POST,
			event(
				learner,
				`/api/attempts/${id}/submit`,
				{ id },
				{
					method: 'POST',
					body: { answers: { [String(foreign)]: [0] } },
					headers: { 'idempotency-key': 'bad-answers-1' }
				}
			)
		);
		expect(badSubmit.status).toBe(400);
		const row = await attemptRow(a.attemptId);
		expect(row.answers).toEqual(good);
		expect(row.submitted_at).toBeNull();
	});

	it('unpublished, not yet open and closed quizzes refuse a start', async () => {
		const { lecturer, courseId } = await courseWithBank(t.sql, unit);
		const quizId = await publishedQuiz(t.sql, courseId, lecturer);
		const learner = await addUser(t.sql, unit);
		await t.sql`update quizzes set status = 'draft' where id = ${quizId}`;
		expect(await code(startAttempt(t.sql, learner.id, quizId))).toBe('not_available');
		await t.sql`update quizzes set status = 'published', opens_at = now() + interval '1 day' where id = ${quizId}`;
		expect(await code(startAttempt(t.sql, learner.id, quizId))).toBe('not_open_yet');
		await t.sql`update quizzes set opens_at = now() - interval '2 day', closes_at = now() - interval '1 day' where id = ${quizId}`;
		expect(await code(startAttempt(t.sql, learner.id, quizId))).toBe('closed');
		const [{ n }] =
			await t.sql`select count(*)::int as n from quiz_attempts where quiz_id = ${quizId}`;
		expect(n).toBe(0);
	});
});

describe('completion and credit', () => {
	it('a required quiz holds completion back until passed; the pass writes exam credit and completes the course', async () => {
		const { lecturer, courseId, lessonIds } = await courseWithBank(t.sql, unit, {
			durations: [1800]
		});
		const quizId = await publishedQuiz(t.sql, courseId, lecturer, { passPercent: '80' });
		const learner = await addUser(t.sql, unit);
		await t.sql`insert into lesson_progress (user_id, lesson_id, watched, seconds_watched, updated_at, completed_at)
			values (${learner.id}, ${lessonIds[0]}, repeat('1', 1800)::varbit, 1800, now(), now())`;
		expect(await extraCompletionRequirements(t.sql, learner.id, courseId)).toBe(false);
		expect(await tryCompleteCourse(t.sql, learner.id, courseId, new Date())).toBe(false);
		const fail = await startAttempt(t.sql, learner.id, quizId);
		const failed = await submitAttempt(
			t.sql,
			learner.id,
			fail.attemptId,
			'fail-key-01',
			rightAnswers(await paperOf(t.sql, fail.attemptId), 3)
		);
		expect(failed.passed).toBe(false);
		expect(
			(await t.sql`select 1 from course_completions where user_id = ${learner.id}`).length
		).toBe(0);
		const pass = await startAttempt(t.sql, learner.id, quizId);
		const passed = await submitAttempt(
			t.sql,
			learner.id,
			pass.attemptId,
			'pass-key-01',
			rightAnswers(await paperOf(t.sql, pass.attemptId))
		);
		expect(passed.passed).toBe(true);
		const ledger =
			await t.sql`select source, source_id, hours from credit_ledger where user_id = ${learner.id} order by source`;
		expect(ledger.map((r) => [r.source, r.source_id, Number(r.hours)])).toEqual([
			['course', String(courseId), 1],
			['exam', String(quizId), 0.5]
		]);
		expect(
			(
				await t.sql`select 1 from course_completions where user_id = ${learner.id} and course_id = ${courseId}`
			).length
		).toBe(1);
	});
});
