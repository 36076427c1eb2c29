import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSchema, type TestDb } from '../../src/lib/server/db/test-schema';
import { addLecturer, canEditCourse, createCourse } from '../../src/lib/server/courses';
import {
	allQuestions,
	bankExport,
	bankTags,
	fixedQuizzesUsing,
	getQuestion,
	importBank,
	insertQuestions,
	searchQuestions,
	setArchived,
	updateQuestion,
	seedDemoBank,
	tagQuestions,
	usableQuestions,
	type QuestionInput
} from '../../src/lib/server/quiz/bank';
import type { Role } from '../../src/lib/server/auth/types';
import { makeUnits } from '../fixtures/roster-units';

let t: TestDb;
type Who = { id: number; roles: Role[] };
const people: Record<'lect' | 'lect2' | 'outsider' | 'learner' | 'admin', Who> = {} as never;
const courses = { a: 0, b: 0, c: 0 };

const q = (stem: string, over: Partial<QuestionInput> = {}): QuestionInput => ({
	kind: 'single',
	stem,
	options: ['甲', '乙', '丙', '丁'],
	answer: [1],
	explanation: '',
	tags: [],
	difficulty: 3,
	shared: false,
	...over
});

beforeAll(async () => {
	t = await createTestSchema();
	const u = await makeUnits(t.sql);
	const add = async (no: string, name: string, roles: Role[]) => {
		const [{ id }] = await t.sql<{ id: number }[]>`
			insert into users (employee_no, name, unit_id, rank_level, password_hash, must_change_password, roles)
			values (${no}, ${name}, ${u.county}, 'general', 'x', false, ${roles}::text[]) returning id`;
		return { id, roles };
	};
	people.lect = await add('L1', '张明远', ['lecturer']);
	people.lect2 = await add('L2', '王老师', ['lecturer']);
	people.outsider = await add('L3', '赵讲师', ['lecturer']);
	people.learner = await add('S1', '刘晓燕', ['learner']);
	people.admin = await add('A1', '李文静', ['admin']);
	// a and b share lect; c is lect2's alone
	courses.a = await createCourse(t.sql, people.lect, { title: '课程甲', category: 'theory' });
	courses.b = await createCourse(t.sql, people.lect, { title: '课程乙', category: 'theory' });
	courses.c = await createCourse(t.sql, people.lect2, { title: '课程丙', category: 'theory' });
});
afterAll(async () => {
	await t.drop();
});

describe('usableQuestions', () => {
	it("is the course's own live questions plus shared ones of courses with a common lecturer", async () => {
		const [own, archived] = await insertQuestions(t.sql, courses.a, people.lect.id, [
			q('本课程题'),
			q('已归档')
		]);
		await setArchived(t.sql, courses.a, archived, true);
		const [sharedB, privateB] = await insertQuestions(t.sql, courses.b, people.lect.id, [
			q('乙课程共享', { shared: true, kind: 'multiple', answer: [0, 2], tags: ['党史'] }),
			q('乙课程私有')
		]);
		const [sharedC] = await insertQuestions(t.sql, courses.c, people.lect2.id, [
			q('丙课程共享', { shared: true })
		]);

		const pool = await usableQuestions(t.sql, courses.a);
		expect(pool.map((x) => x.id)).toEqual([own, sharedB]);
		expect(pool[1]).toMatchObject({
			courseId: courses.b,
			kind: 'multiple',
			answer: [0, 2],
			tags: ['党史'],
			options: ['甲', '乙', '丙', '丁']
		});
		expect((await usableQuestions(t.sql, courses.a, { kind: 'single' })).map((x) => x.id)).toEqual([
			own
		]);
		expect((await usableQuestions(t.sql, courses.a, { tag: '党史' })).map((x) => x.id)).toEqual([
			sharedB
		]);
		expect(
			(await usableQuestions(t.sql, courses.a, { ids: [own, privateB, sharedC] })).map((x) => x.id)
		).toEqual([own]);
		// c has no lecturer in common with a: its shared question stays out
		expect((await usableQuestions(t.sql, courses.c)).map((x) => x.id)).toEqual([sharedC]);
	});
});

describe('access', () => {
	it('only the course lecturers and admins may edit the bank', async () => {
		expect(await canEditCourse(t.sql, people.lect, courses.a)).toBe(true);
		expect(await canEditCourse(t.sql, people.admin, courses.a)).toBe(true);
		expect(await canEditCourse(t.sql, people.outsider, courses.a)).toBe(false);
		expect(await canEditCourse(t.sql, people.learner, courses.a)).toBe(false);
	});
});

const fixture = (name: string) =>
	new Uint8Array(readFileSync(path.join(import.meta.dirname, '../fixtures', name)));
const count = async (courseId: number) =>
	(
		await t.sql<
			{ n: number }[]
		>`select count(*)::int as n from questions where course_id = ${courseId}`
	)[0].n;

describe('import', () => {
	it('a file with one bad row imports nothing and names the row and column', async () => {
		const course = await createCourse(t.sql, people.lect, {
			title: '导入课程',
			category: 'theory'
		});
		const r = await importBank(t.sql, course, people.lect.id, {
			bytes: fixture('bank-bad.xlsx'),
			fileName: 'bank-bad.xlsx',
			shared: false
		});
		expect(r).toEqual({
			ok: false,
			fileError: null,
			rowErrors: [{ row: 3, column: 'answer', code: 'answer_not_option', params: { value: 'E' } }]
		});
		expect(await count(course)).toBe(0);

		const good = await importBank(t.sql, course, people.lect.id, {
			bytes: fixture('bank-good.xlsx'),
			fileName: 'bank-good.xlsx',
			shared: true
		});
		expect(good.ok && [good.ids.length, good.skippedRows]).toEqual([6, []]);
		// the same file again: every row is already there
		const again = await importBank(t.sql, course, people.lect.id, {
			bytes: fixture('bank-good.xlsx'),
			fileName: 'bank-good.xlsx',
			shared: true
		});
		expect(again.ok && [again.ids.length, again.skippedRows]).toEqual([0, [2, 3, 4, 5, 6, 7]]);
		const rows = await allQuestions(t.sql, course);
		expect(rows.map((q) => [q.kind, q.answer, q.difficulty, q.shared])).toEqual([
			['single', [2], 3, true],
			['single', [2], 4, true],
			['multiple', [0, 1, 2, 3, 4, 5], 3, true],
			['multiple', [0, 1, 2], 1, true],
			['truefalse', [0], 1, true],
			['truefalse', [1], 2, true]
		]);
		expect(rows[4].options).toEqual(['正确', '错误']);
		expect(await bankTags(t.sql, course)).toEqual([
			{ tag: '党规', count: 2 },
			{ tag: '纪律处分', count: 2 },
			{ tag: '组织生活', count: 2 },
			{ tag: '党章', count: 1 }
		]);
	});

	it('refuses files that are not xlsx, and writes nothing', async () => {
		const course = await createCourse(t.sql, people.lect, {
			title: '导入课程二',
			category: 'theory'
		});
		const csv = new TextEncoder().encode('题型,题干,选项A,选项B,答案\n单选题,x,1,2,A\n');
		const r = await importBank(t.sql, course, people.lect.id, {
			bytes: csv,
			fileName: 'bank.csv',
			shared: false
		});
		expect(r).toEqual({
			ok: false,
			fileError: { code: 'unsupported_type', params: {} },
			rowErrors: []
		});
		expect(await count(course)).toBe(0);
	});

	it('an export imports back into another course as the same questions', async () => {
		const from = await createCourse(t.sql, people.lect, { title: '导出课程', category: 'theory' });
		await importBank(t.sql, from, people.lect.id, {
			bytes: fixture('bank-good.xlsx'),
			fileName: 'g.xlsx',
			shared: false
		});
		const to = await createCourse(t.sql, people.lect, { title: '导入目标', category: 'theory' });
		const bytes = new Uint8Array(await bankExport(await allQuestions(t.sql, from)));
		expect(
			(
				await importBank(t.sql, to, people.lect.id, {
					bytes,
					fileName: 'export.xlsx',
					shared: false
				})
			).ok
		).toBe(true);
		const strip = (rows: Awaited<ReturnType<typeof allQuestions>>) =>
			rows.map(({ kind, stem, options, answer, explanation, tags, difficulty }) => ({
				kind,
				stem,
				options,
				answer,
				explanation,
				tags,
				difficulty
			}));
		expect(strip(await allQuestions(t.sql, to))).toEqual(strip(await allQuestions(t.sql, from)));
	});

	it('a batch the database refuses leaves nothing behind', async () => {
		const course = await createCourse(t.sql, people.lect, {
			title: '事务课程',
			category: 'theory'
		});
		// bypassing validation: the second row breaks the table's stem check
		await expect(
			t.sql.begin((tx) => insertQuestions(tx, course, null, [q('好题'), q('x'.repeat(2001))]))
		).rejects.toThrow();
		expect(await count(course)).toBe(0);
	});
});

describe('search and edit', () => {
	it('finds by text, tag, type and difficulty; archived ones apart', async () => {
		const course = await createCourse(t.sql, people.lect, {
			title: '搜索课程',
			category: 'theory'
		});
		const [a, b, c] = await insertQuestions(t.sql, course, people.lect.id, [
			q('关于100%纪律的题', { tags: ['纪律'], difficulty: 2 }),
			q('另一道', {
				kind: 'truefalse',
				options: ['正确', '错误'],
				answer: [0],
				explanation: '纪律相关'
			}),
			q('第三道', { tags: ['纪律', '党章'] })
		]);
		const ids = async (s: Parameters<typeof searchQuestions>[2]) =>
			(await searchQuestions(t.sql, course, s)).rows.map((r) => r.id);
		expect(await ids({})).toEqual([c, b, a]);
		expect(await ids({ text: '纪律' })).toEqual([b, a]);
		expect(await ids({ text: '100%' })).toEqual([a]);
		expect(await ids({ text: '%' })).toEqual([a]);
		expect(await ids({ tag: '纪律' })).toEqual([c, a]);
		expect(await ids({ kind: 'truefalse' })).toEqual([b]);
		expect(await ids({ difficulty: 2 })).toEqual([a]);
		expect(await ids({ limit: 1, offset: 1 })).toEqual([b]);
		expect((await searchQuestions(t.sql, course, { limit: 1 })).total).toBe(3);
		await setArchived(t.sql, course, a, true);
		expect(await ids({})).toEqual([c, b]);
		expect(await ids({ archived: true })).toEqual([a]);
	});

	it("edits only the course's own questions", async () => {
		const [mine] = await insertQuestions(t.sql, courses.a, people.lect.id, [q('可编辑')]);
		expect(await updateQuestion(t.sql, courses.c, mine, q('改写'))).toBe(false);
		expect(await setArchived(t.sql, courses.c, mine, true)).toBe(false);
		expect(await getQuestion(t.sql, courses.c, mine)).toBeNull();
		expect(
			await updateQuestion(
				t.sql,
				courses.a,
				mine,
				q('改写', { kind: 'multiple', answer: [0, 3], shared: true })
			)
		).toBe(true);
		expect(await getQuestion(t.sql, courses.a, mine)).toMatchObject({
			stem: '改写',
			kind: 'multiple',
			answer: [0, 3],
			shared: true,
			archived: false
		});
	});
});

describe('access after lecturer changes', () => {
	it('a lecturer added to a course may edit its bank and draws on its shared questions', async () => {
		const course = await createCourse(t.sql, people.lect2, {
			title: '合讲课程',
			category: 'theory'
		});
		expect(await canEditCourse(t.sql, people.lect, course)).toBe(false);
		await addLecturer(t.sql, course, people.lect.id);
		expect(await canEditCourse(t.sql, people.lect, course)).toBe(true);
		// now course b (lect) and this course share a lecturer: b's shared questions join the pool
		const pool = await usableQuestions(t.sql, course);
		expect(pool.map((x) => x.stem)).toContain('乙课程共享');
		expect(pool.map((x) => x.stem)).not.toContain('乙课程私有');
	});
});

describe('demo bank', () => {
	it('fills each demo course once, with every question type', async () => {
		const titles = ['学习贯彻党的二十大精神', '乡村振兴政策解读', '依法行政专题'];
		const ids = [];
		for (const title of titles)
			ids.push(await createCourse(t.sql, people.lect, { title, category: 'theory' }));
		const written = await seedDemoBank(t.sql);
		expect(written).toBeGreaterThanOrEqual(18);
		for (const id of ids) {
			const kinds = new Set(
				(await usableQuestions(t.sql, id)).filter((x) => x.courseId === id).map((x) => x.kind)
			);
			expect([...kinds].sort()).toEqual(['multiple', 'single', 'truefalse']);
		}
		expect(await seedDemoBank(t.sql)).toBe(0);
	});
});

describe('questions in fixed quizzes', () => {
	it('lists the live quizzes that use a question as a fixed question', async () => {
		const [used, free] = await insertQuestions(t.sql, courses.b, people.lect.id, [
			q('固定题', { shared: true }),
			q('未使用')
		]);
		const quiz = async (courseId: number, title: string, status: string) => {
			const [{ id }] = await t.sql<{ id: number }[]>`
				insert into quizzes (course_id, title, mode, status) values (${courseId}, ${title}, 'fixed', ${status}) returning id`;
			await t.sql`insert into quiz_questions (quiz_id, question_id, position) values (${id}, ${used}, 1)`;
			return id;
		};
		const own = await quiz(courses.b, '乙课程测验', 'published');
		const other = await quiz(courses.a, '甲课程测验', 'draft');
		await quiz(courses.a, '旧测验', 'archived');
		expect(await fixedQuizzesUsing(t.sql, used)).toEqual([
			{ id: own, title: '乙课程测验', courseId: courses.b },
			{ id: other, title: '甲课程测验', courseId: courses.a }
		]);
		expect(await fixedQuizzesUsing(t.sql, free)).toEqual([]);
	});
});

describe('bulk tags', () => {
	it("adds and removes one tag on the course's own questions, leaving full ones alone", async () => {
		const course = await createCourse(t.sql, people.lect, {
			title: '标签课程',
			category: 'theory'
		});
		const full = Array.from({ length: 10 }, (_, i) => `t${i}`);
		const [a, b, c] = await insertQuestions(t.sql, course, people.lect.id, [
			q('一', { tags: ['重点'] }),
			q('二'),
			q('三', { tags: full })
		]);
		const [foreign] = await insertQuestions(t.sql, courses.c, people.lect2.id, [q('别人的')]);
		expect(await tagQuestions(t.sql, course, [a, b, c, foreign], '重点', true)).toEqual({
			changed: 1,
			full: 1
		});
		const tagsOf = async (id: number) =>
			(await t.sql`select tags from questions where id = ${id}`)[0].tags;
		expect([
			await tagsOf(a),
			await tagsOf(b),
			(await tagsOf(c)).length,
			await tagsOf(foreign)
		]).toEqual([['重点'], ['重点'], 10, []]);
		expect(await tagQuestions(t.sql, course, [a, b, c, foreign], '重点', false)).toEqual({
			changed: 2,
			full: 0
		});
		expect([await tagsOf(a), await tagsOf(b)]).toEqual([[], []]);
	});
});

describe('duplicates on import', () => {
	it('skips rows identical to a live question or an earlier row; a changed answer or an archived twin is imported', async () => {
		const course = await createCourse(t.sql, people.lect, {
			title: '去重课程',
			category: 'theory'
		});
		const [, archived] = await insertQuestions(t.sql, course, people.lect.id, [
			q('已有题'),
			q('归档题')
		]);
		await setArchived(t.sql, course, archived, true);
		const rows = [
			q('已有题'),
			q('已有题', { answer: [2] }),
			q('归档题'),
			q('新题'),
			q('新题', { explanation: '解析不同也算同一道' })
		];
		const bytes = new Uint8Array(await bankExport(rows));
		const r = await importBank(t.sql, course, people.lect.id, {
			bytes,
			fileName: 'dup.xlsx',
			shared: false
		});
		expect(r.ok && r.skippedRows).toEqual([2, 6]);
		expect(r.ok && r.ids.length).toBe(3);
	});
});
