import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSchema, type TestDb } from '../../src/lib/server/db/test-schema';
import { addLecturer, canEditCourse, createCourse } from '../../src/lib/server/courses';
import { insertQuestions, setArchived, usableQuestions, type QuestionInput } from '../../src/lib/server/quiz/bank';
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
	void addLecturer;
});
afterAll(async () => {
	await t.drop();
});

describe('usableQuestions', () => {
	it("is the course's own live questions plus shared ones of courses with a common lecturer", async () => {
		const [own, archived] = await insertQuestions(t.sql, courses.a, people.lect.id, [q('本课程题'), q('已归档')]);
		await setArchived(t.sql, courses.a, archived, true);
		const [sharedB, privateB] = await insertQuestions(t.sql, courses.b, people.lect.id, [
			q('乙课程共享', { shared: true, kind: 'multiple', answer: [0, 2], tags: ['党史'] }),
			q('乙课程私有')
		]);
		const [sharedC] = await insertQuestions(t.sql, courses.c, people.lect2.id, [q('丙课程共享', { shared: true })]);

		const pool = await usableQuestions(t.sql, courses.a);
		expect(pool.map((x) => x.id)).toEqual([own, sharedB]);
		expect(pool[1]).toMatchObject({ courseId: courses.b, kind: 'multiple', answer: [0, 2], tags: ['党史'], options: ['甲', '乙', '丙', '丁'] });
		expect((await usableQuestions(t.sql, courses.a, { kind: 'single' })).map((x) => x.id)).toEqual([own]);
		expect((await usableQuestions(t.sql, courses.a, { tag: '党史' })).map((x) => x.id)).toEqual([sharedB]);
		expect((await usableQuestions(t.sql, courses.a, { ids: [own, privateB, sharedC] })).map((x) => x.id)).toEqual([own]);
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
