// The bank's real route handlers (load, actions, downloads) against a test
// schema: only the course's lecturers (and admins) get in; everyone else gets
// 404/403 and nothing is written; the import is all or nothing.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '../../src/lib/server/auth/types';
import { createTestSchema, type TestDb } from '../../src/lib/server/db/test-schema';
import { insertQuestions, type QuestionInput } from '../../src/lib/server/quiz/bank';
import * as listPage from '../../src/routes/(lecturer)/teach/[id=id]/questions/+page.server';
import * as newPage from '../../src/routes/(lecturer)/teach/[id=id]/questions/new/+page.server';
import * as editPage from '../../src/routes/(lecturer)/teach/[id=id]/questions/[questionId=id]/+page.server';
import * as importPage from '../../src/routes/(lecturer)/teach/[id=id]/questions/import/+page.server';
import * as template from '../../src/routes/(lecturer)/teach/[id=id]/questions/template/+server';
import * as exportRoute from '../../src/routes/(lecturer)/teach/[id=id]/questions/export/+server';
import { addCourse, addUser } from './progress-fixtures';
import { event, settle, useTestDatabase } from './quiz-fixtures';
import { makeUnits } from '../fixtures/roster-units';

let t: TestDb;
let lecturer: SessionUser, outsider: SessionUser, learner: SessionUser, admin: SessionUser;
let courseId: number, otherCourse: number, questionId: number, foreignQuestion: number;

const q: QuestionInput = {
	kind: 'single',
	stem: '路由测试题',
	options: ['甲', '乙'],
	answer: [0],
	explanation: '',
	tags: ['路由'],
	difficulty: 3,
	shared: false
};
const count = async (id = courseId) =>
	(
		await t.sql<{ n: number }[]>`select count(*)::int as n from questions where course_id = ${id}`
	)[0].n;
const fixture = (name: string) => readFileSync(path.join(import.meta.dirname, '../fixtures', name));

function upload(user: SessionUser, name: string, bytes: Uint8Array) {
	const e = event(user, `/teach/${courseId}/questions/import`, { id: String(courseId) });
	const fd = new FormData();
	fd.set('file', new File([bytes as BlobPart], name));
	e.request = new Request(e.url, { method: 'POST', body: fd });
	return e;
}

beforeAll(async () => {
	t = await createTestSchema();
	await useTestDatabase(t.sql);
	const u = await makeUnits(t.sql);
	lecturer = await addUser(t.sql, u.county, ['lecturer']);
	outsider = await addUser(t.sql, u.county, ['lecturer']);
	learner = await addUser(t.sql, u.county, ['learner']);
	admin = await addUser(t.sql, u.county, ['admin']);
	({ courseId } = await addCourse(t.sql, {}));
	({ courseId: otherCourse } = await addCourse(t.sql, {}));
	await t.sql`insert into course_lecturers (course_id, user_id) values (${courseId}, ${lecturer.id}), (${otherCourse}, ${outsider.id})`;
	[questionId] = await insertQuestions(t.sql, courseId, lecturer.id, [q]);
	[foreignQuestion] = await insertQuestions(t.sql, otherCourse, outsider.id, [
		{ ...q, stem: '别的课程的题' }
	]);
});
afterAll(() => t.drop());

const params = () => ({ id: String(courseId) });
const base = () => `/teach/${courseId}/questions`;

describe('who gets in', () => {
	it('a lecturer not on the course, and a learner, can neither read nor change the bank', async () => {
		for (const [who, status] of [
			[outsider, 404],
			[learner, 403]
		] as const) {
			expect((await settle(() => listPage.load(event(who, base(), params())))).status).toBe(status);
			expect(
				(
					await settle(() =>
						editPage.load(
							event(who, `${base()}/${questionId}`, { ...params(), questionId: String(questionId) })
						)
					)
				).status
			).toBe(status);
			expect(
				(await settle(() => template.GET(event(who, `${base()}/template`, params())))).status
			).toBe(status);
			expect(
				(await settle(() => exportRoute.GET(event(who, `${base()}/export`, params())))).status
			).toBe(status);
			const archive = event(who, base(), params(), {
				form: { questionId: String(questionId), to: 'archive' }
			});
			expect((await settle(() => listPage.actions.archive(archive))).status).toBe(status);
			const create = event(who, `${base()}/new`, params(), {
				form: { kind: 'truefalse', stem: '闯入', answer: '0', difficulty: '3' }
			});
			expect((await settle(() => newPage.actions.default(create))).status).toBe(status);
			expect(
				(
					await settle(() =>
						importPage.actions.default(upload(who, 'bank-good.xlsx', fixture('bank-good.xlsx')))
					)
				).status
			).toBe(status);
		}
		expect(await count()).toBe(1);
		const [row] = await t.sql`select archived_at from questions where id = ${questionId}`;
		expect(row.archived_at).toBeNull();
	});

	it('the course lecturer and an admin see the bank, key included', async () => {
		for (const who of [lecturer, admin]) {
			const data = (await listPage.load(event(who, base(), params()))) as {
				questions: { id: number; answer: number[] }[];
			};
			expect(data.questions).toEqual([expect.objectContaining({ id: questionId, answer: [0] })]);
		}
	});

	it("another course's question is not found through this course", async () => {
		const p = { ...params(), questionId: String(foreignQuestion) };
		expect(
			(await settle(() => editPage.load(event(lecturer, `${base()}/${foreignQuestion}`, p)))).status
		).toBe(404);
		const form = {
			kind: 'single',
			stem: '改',
			option0: 'a',
			option1: 'b',
			answer: '0',
			difficulty: '3'
		};
		expect(
			(
				await settle(() =>
					editPage.actions.default(event(lecturer, `${base()}/${foreignQuestion}`, p, { form }))
				)
			).status
		).toBe(404);
		const archive = event(lecturer, base(), params(), {
			form: { questionId: String(foreignQuestion), to: 'archive' }
		});
		expect((await settle(() => listPage.actions.archive(archive))).value).toMatchObject({
			status: 404
		});
		const [row] =
			await t.sql`select stem, archived_at from questions where id = ${foreignQuestion}`;
		expect(row).toEqual({ stem: '别的课程的题', archived_at: null });
	});
});

describe('forms', () => {
	it('a refused question names its fields; a good one is added and the browser goes back to the list', async () => {
		const bad = event(lecturer, `${base()}/new`, params(), {
			form: {
				kind: 'single',
				stem: ' ',
				option0: '甲',
				option2: '丙',
				answer: '5',
				difficulty: '9'
			}
		});
		const refused = await settle(() => newPage.actions.default(bad));
		expect(refused.value).toMatchObject({
			status: 400,
			data: {
				fields: {
					stem: '不能为空。',
					options: expect.stringContaining('选项B为空'),
					difficulty: expect.stringContaining('难度“”无效')
				}
			}
		});
		expect(await count()).toBe(1);

		const good = event(lecturer, `${base()}/new`, params(), {
			form: {
				kind: 'multiple',
				stem: '新题',
				option0: '甲',
				option1: '乙',
				option2: '丙',
				answer: '2',
				tags: '甲、乙',
				difficulty: '4',
				shared: 'on'
			}
		});
		const done = await settle(() => newPage.actions.default(good));
		expect(done.status).toBe(303);
		expect(done.location).toMatch(new RegExp(`^${base()}\\?created=\\d+$`));
		const [row] =
			await t.sql`select kind, options, answer, tags, difficulty, shared from questions where course_id = ${courseId} and stem = '新题'`;
		expect(row).toEqual({
			kind: 'multiple',
			options: ['甲', '乙', '丙'],
			answer: [2],
			tags: ['甲', '乙'],
			difficulty: 4,
			shared: true
		});
	});

	it('a fixed quiz question cannot be archived', async () => {
		const [{ id: quizId }] =
			await t.sql`insert into quizzes (course_id, title, mode, status) values (${courseId}, '期末测验', 'fixed', 'published') returning id`;
		await t.sql`insert into quiz_questions (quiz_id, question_id, position) values (${quizId}, ${questionId}, 1)`;
		const archive = event(lecturer, base(), params(), {
			form: { questionId: String(questionId), to: 'archive' }
		});
		expect(await listPage.actions.archive(archive)).toMatchObject({
			status: 409,
			data: { error: expect.stringContaining('期末测验') }
		});
		const edit = await editPage.load(
			event(lecturer, `${base()}/${questionId}`, { ...params(), questionId: String(questionId) })
		);
		expect(edit).toMatchObject({ usedIn: ['期末测验'], usedElsewhere: 0 });
		await t.sql`delete from quiz_questions where quiz_id = ${quizId}`;
		expect(
			await listPage.actions.archive(
				event(lecturer, base(), params(), {
					form: { questionId: String(questionId), to: 'archive' }
				})
			)
		).toMatchObject({ ok: expect.any(String) });
	});
});

describe('bulk tags', () => {
	it('tags the ticked questions; refuses no ticks, bad tags and forged ids', async () => {
		const [x, y] = await insertQuestions(t.sql, courseId, lecturer.id, [
			{ ...q, stem: '批量一', tags: [] },
			{ ...q, stem: '批量二', tags: [] }
		]);
		const tag = (form: Record<string, string>, ids: number[]) => {
			const e = event(lecturer, base(), params());
			const fd = new FormData();
			for (const [k, v] of Object.entries(form)) fd.set(k, v);
			for (const id of ids) fd.append('ids', String(id));
			e.request = new Request(e.url, { method: 'POST', body: fd });
			return listPage.actions.tag(e);
		};
		expect(await tag({ tag: '重点', op: 'add' }, [x, y, foreignQuestion])).toEqual({
			action: 'tag',
			ok: '已给 2 道试题添加标签“重点”。'
		});
		expect(await tag({ tag: '重点', op: 'add' }, [])).toMatchObject({
			status: 400,
			data: { error: '请先勾选试题。' }
		});
		expect(await tag({ tag: '甲，乙', op: 'add' }, [x])).toMatchObject({
			status: 400,
			data: { error: expect.stringContaining('请输入一个标签') }
		});
		expect(await tag({ tag: '重点', op: 'drop' }, [x])).toMatchObject({ status: 400 });
		expect(await tag({ tag: '重点', op: 'remove' }, [x])).toEqual({
			action: 'tag',
			ok: '已从 1 道试题移除标签“重点”。'
		});
		const tagsOf = async (id: number) =>
			(await t.sql`select tags from questions where id = ${id}`)[0].tags;
		expect([await tagsOf(x), await tagsOf(y), await tagsOf(foreignQuestion)]).toEqual([
			[],
			['重点'],
			['路由']
		]);
	});
});

describe('import and downloads', () => {
	it('one bad row: a 400 with row, column and message, nothing written; the good file goes in whole', async () => {
		const before = await count();
		const bad = await importPage.actions.default(
			upload(lecturer, 'bank-bad.xlsx', fixture('bank-bad.xlsx'))
		);
		expect(bad).toMatchObject({
			status: 400,
			data: {
				errorCount: 1,
				rowErrors: [{ row: 3, column: '答案', message: '答案“E”不在已填写的选项中。' }]
			}
		});
		expect(await count()).toBe(before);
		const notXlsx = await importPage.actions.default(
			upload(lecturer, 'bank.xls', new Uint8Array([0xd0, 0xcf, 0x11, 0xe0]))
		);
		expect(notXlsx).toMatchObject({
			status: 400,
			data: { fileErrors: [expect.stringContaining('只能导入 .xlsx 文件')] }
		});
		expect(
			await importPage.actions.default(
				upload(lecturer, 'bank-good.xlsx', fixture('bank-good.xlsx'))
			)
		).toMatchObject({ imported: 6, skipped: '' });
		expect(await count()).toBe(before + 6);
		expect(
			await importPage.actions.default(
				upload(lecturer, 'bank-good.xlsx', fixture('bank-good.xlsx'))
			)
		).toMatchObject({
			imported: 0,
			skipped: expect.stringContaining('第 2、3、4、5、6、7 行')
		});
		expect(await count()).toBe(before + 6);
	});

	it('template and export come as xlsx attachments with the UTF-8 file name', async () => {
		const tpl = await template.GET(event(lecturer, `${base()}/template`, params()));
		expect(tpl.headers.get('content-disposition')).toBe(
			`attachment; filename="question-bank-template.xlsx"; filename*=UTF-8''${encodeURIComponent('题库模板.xlsx')}`
		);
		const out = await exportRoute.GET(event(lecturer, `${base()}/export`, params()));
		expect(out.headers.get('content-type')).toBe(
			'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
		);
		expect(out.headers.get('content-disposition')).toContain(`filename*=UTF-8''`);
		expect((await out.arrayBuffer()).byteLength).toBeGreaterThan(1000);
	});
});
