// The lecturer's side: results (distribution, pass rate, per-question
// correctness, most chosen wrong option), the xlsx export, and the guard on
// those pages (another lecturer's course → 404).
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestSchema, type TestDb } from '../../src/lib/server/db/test-schema';
import { startAttempt } from '../../src/lib/server/quiz/attempts';
import { submitAttempt } from '../../src/lib/server/quiz/submit';
import { addUnit, addUser } from './progress-fixtures';
import { courseWithBank, event, publishedQuiz, settle, useTestDatabase } from './quiz-fixtures';
import * as resultsPage from '../../src/routes/(lecturer)/teach/[id=id]/quizzes/[quizId=id]/results/+page.server';
import * as exportRoute from '../../src/routes/(lecturer)/teach/[id=id]/quizzes/[quizId=id]/export/+server';
import * as newPage from '../../src/routes/(lecturer)/teach/[id=id]/quizzes/new/+page.server';

let t: TestDb;
beforeAll(async () => {
	t = await createTestSchema();
	await useTestDatabase(t.sql);
});
afterAll(() => t.drop());

it('results and export: pass rate per person, per-question correctness and the most chosen wrong option', async () => {
	const unit = await addUnit(t.sql);
	const { lecturer, courseId } = await courseWithBank(t.sql, unit);
	const quizId = await publishedQuiz(t.sql, courseId, lecturer, {
		mode: 'fixed',
		rules: [],
		questions: []
	}).catch(() => null);
	expect(quizId).toBeNull(); // a fixed quiz needs questions
	const [q1, q2] =
		await t.sql`select id, answer from questions where course_id = ${courseId} and kind = 'single' order by id limit 2`;
	const fixed = await publishedQuiz(t.sql, courseId, lecturer, {
		mode: 'fixed',
		rules: [],
		questions: [
			{ questionId: String(q1.id), points: '1' },
			{ questionId: String(q2.id), points: '1' }
		],
		passPercent: '100'
	});
	const wrong1 = (Number(q1.answer[0]) + 1) % 4;
	const people = [
		await addUser(t.sql, unit),
		await addUser(t.sql, unit),
		await addUser(t.sql, unit)
	];
	// person 0: all right; person 1: q1 wrong (same wrong option twice over two attempts); person 2: q1 wrong once
	const plan = [
		[[q1.answer, q2.answer]],
		[
			[[wrong1], q2.answer],
			[[wrong1], q2.answer]
		],
		[[[wrong1], q2.answer]]
	];
	for (const [i, attempts] of plan.entries()) {
		for (const [a1, a2] of attempts) {
			const a = await startAttempt(t.sql, people[i].id, fixed);
			await submitAttempt(t.sql, people[i].id, a.attemptId, `result-key-${i}-${a.attemptId}`, {
				[String(q1.id)]: a1.map(Number),
				[String(q2.id)]: a2.map(Number)
			});
		}
	}
	const params = { id: String(courseId), quizId: String(fixed) };
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	const data = await (resultsPage.load as (e: unknown) => Promise<any>)(
		event(lecturer, `/teach/${courseId}/quizzes/${fixed}/results`, params)
	);
	expect(data.stats).toMatchObject({ attempts: 4, people: 3, passedPeople: 1, passRate: 33.3 });
	expect(data.stats.bands[5]).toBe(3); // 50%
	expect(data.stats.bands[9]).toBe(1); // 100%
	const s1 = data.stats.questions.find((q: { questionId: number }) => q.questionId === q1.id);
	expect(s1).toMatchObject({
		shown: 4,
		correct: 1,
		topWrong: { text: ['甲', '乙', '丙', '丁'][wrong1], count: 3 }
	});

	const res = await (exportRoute.GET as (e: unknown) => Promise<Response>)(
		event(lecturer, `/teach/${courseId}/quizzes/${fixed}/export`, params)
	);
	expect(res.headers.get('content-type')).toContain('spreadsheetml');
	expect(res.headers.get('content-disposition')).toContain("filename*=UTF-8''");
	const wb = new ExcelJS.Workbook();
	await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ArrayBuffer);
	expect(wb.worksheets.map((w) => w.name)).toEqual(['成绩', '题目分析']);
	expect(wb.worksheets[0].rowCount).toBe(5);
	expect(wb.worksheets[0].getRow(1).getCell(1).value).toBe('工号');
	expect(wb.worksheets[1].rowCount).toBe(3);

	// Another lecturer (not on this course) gets 404 on the results, the export and the new-quiz page.
	const stranger = await addUser(t.sql, unit, ['learner', 'lecturer']);
	for (const fn of [resultsPage.load, exportRoute.GET, newPage.load] as ((
		e: unknown
	) => Promise<unknown>)[]) {
		const r = await settle(() => fn(event(stranger, '/x', params)));
		expect(r.status).toBe(404);
	}
	// And a learner is refused.
	const r = await settle(() =>
		(resultsPage.load as (e: unknown) => Promise<unknown>)(event(people[0], '/x', params))
	);
	expect(r.status).toBe(403);
});

it('the lecturer form: bad input is refused with the reason and nothing is created; good input creates a draft', async () => {
	const unit = await addUnit(t.sql);
	const { lecturer, courseId } = await courseWithBank(t.sql, unit);
	const form = {
		title: '测验',
		mode: 'random',
		timeLimitMinutes: '0',
		maxAttempts: '3',
		passPercent: '60',
		resultsPolicy: 'after_submit',
		rule_kind: 'single',
		rule_tag: '',
		rule_count: '2',
		rule_points: '1'
	};
	const act = (f: Record<string, string>) =>
		settle(() =>
			(newPage.actions.default as (e: unknown) => Promise<unknown>)(
				event(lecturer, `/teach/${courseId}/quizzes/new`, { id: String(courseId) }, { form: f })
			)
		);
	const bad = await act(form);
	expect((bad.value as { status: number }).status).toBe(400);
	expect(JSON.stringify(bad.value)).toContain('答题时长须为 1–360 分钟的整数');
	expect(
		(await t.sql`select count(*)::int as n from quizzes where course_id = ${courseId}`)[0].n
	).toBe(0);
	const ok = await act({ ...form, timeLimitMinutes: '10' });
	expect(ok.status).toBe(303);
	const [q] =
		await t.sql`select status, time_limit_seconds from quizzes where course_id = ${courseId}`;
	expect(q).toMatchObject({ status: 'draft', time_limit_seconds: 600 });
});
