// One course figure everywhere (issue 14): for random coverage of a course's
// lessons (some never started, some completed, one lesson without media), the
// course figure every surface shows — /learn (myCourses), 继续观看
// (continueWatching), the course page (courseFigures), /tasks (myTasks), the
// leaders' people list (withFigures) and its xlsx export (figuredBatches →
// writePeopleXlsx) — equals the duration-weighted mean of the lesson figures
// the course page and player list show (lessonProgress), as whole percents too.
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestSchema, type TestDb } from '../../src/lib/server/db/test-schema';
import { myTasks } from '../../src/lib/server/programmes/tasks';
import {
	continueWatching,
	courseFigure,
	courseFigures,
	lessonFigure,
	lessonProgress,
	myCourses
} from '../../src/lib/server/progress';
import { writePeopleXlsx } from '../../src/lib/server/reports/export/xlsx';
import { peopleCursor, peoplePage } from '../../src/lib/server/reports/people';
import { figuredBatches, withFigures } from '../../src/lib/server/reports/people-figures';
import { percent } from '../../src/lib/client/format';
import { addCourse, addUnit, addUser } from './progress-fixtures';
import { addProgramme, assign } from './reports-fixtures';

let t: TestDb;
let unit: number;
beforeAll(async () => {
	t = await createTestSchema();
	unit = await addUnit(t.sql);
});
afterAll(() => t.drop());

const lessonArb = fc.record({
	duration: fc.integer({ min: 1, max: 400 }),
	// null: never started; else the share watched and whether it completed
	state: fc.option(
		fc.record({ share: fc.double({ min: 0, max: 1, noNaN: true }), completed: fc.boolean() }),
		{ nil: null }
	)
});

async function exportedFigure(programme: { id: number; deadline: Date }, userId: number) {
	const out = new PassThrough();
	const chunks: Buffer[] = [];
	out.on('data', (c) => chunks.push(c));
	await writePeopleXlsx(
		out,
		{ title: 't', subtitle: 's', locale: 'zh-CN' },
		figuredBatches(
			t.sql,
			programme.id,
			peopleCursor(t.sql, { programme, unitId: unit, includeSub: false, filter: 'all', q: '' })
		)
	);
	const wb = new ExcelJS.Workbook();
	await wb.xlsx.load(Buffer.concat(chunks) as unknown as ArrayBuffer);
	const ws = wb.worksheets[0];
	const head = ws.getRow(3).values as unknown[];
	const col = head.indexOf('必修观看进度（按时长）');
	expect(col).toBeGreaterThan(0);
	for (let r = 4; r <= ws.rowCount; r++) {
		const row = ws.getRow(r);
		if (row.getCell(1).value === (await employeeNo(userId))) return Number(row.getCell(col).value);
	}
	throw new Error('person not in export');
}

const employeeNo = async (id: number) =>
	(await t.sql`select employee_no from users where id = ${id}`)[0].employee_no as string;

it('the course figure is the same function of the lesson figures on every surface', async () => {
	await fc.assert(
		fc.asyncProperty(
			fc.array(lessonArb, { minLength: 1, maxLength: 5 }),
			fc.boolean(),
			async (lessons, readingLesson) => {
				const user = await addUser(t.sql, unit);
				const { courseId, lessonIds } = await addCourse(t.sql, {
					durations: lessons.map((l) => l.duration)
				});
				// A reading-only lesson (no media) never counts.
				if (readingLesson)
					await t.sql`insert into lessons (course_id, position, title) values (${courseId}, 99, '阅读材料')`;
				const now = Date.now();
				for (const [i, l] of lessons.entries()) {
					if (!l.state) continue;
					const watched = Math.round(l.duration * l.state.share);
					const bits = '1'.repeat(watched) + '0'.repeat(l.duration - watched);
					await t.sql`
						insert into lesson_progress (user_id, lesson_id, watched, seconds_watched, position, updated_at, completed_at)
						values (${user.id}, ${lessonIds[i]}, ${bits}::varbit, ${watched}, ${watched},
							${new Date(now - i * 1000)}, ${l.state.completed ? new Date(now) : null})`;
				}
				// Guarantee a started row so /learn lists the course.
				if (!lessons.some((l) => l.state))
					await t.sql`
						insert into lesson_progress (user_id, lesson_id, watched, seconds_watched, position, updated_at)
						values (${user.id}, ${lessonIds[0]}, ${'0'.repeat(lessons[0].duration)}::varbit, 0, 0, now())`;
				const programme = await addProgramme(t.sql);
				await t.sql`insert into programme_courses (programme_id, course_id, required) values (${programme.id}, ${courseId}, true)`;
				await assign(t.sql, programme.id, [{ userId: user.id, unitId: unit }]);

				// The lesson figures as the course page shows them (absent = 0).
				const shown = new Map(
					(await lessonProgress(t.sql, user.id, courseId)).map((p) => [p.lessonId, p])
				);
				const lessonFigures = lessonIds.map((id) => shown.get(id)?.coverage ?? 0);
				for (const [i, l] of lessons.entries()) {
					const w = l.state ? Math.round(l.duration * l.state.share) : 0;
					expect(lessonFigures[i]).toBeCloseTo(
						lessonFigure({ duration: l.duration, watched: w, completed: !!l.state?.completed }),
						12
					);
				}
				const total = lessons.reduce((s, l) => s + l.duration, 0);
				const expected = lessons.reduce((s, l, i) => s + l.duration * lessonFigures[i], 0) / total;
				expect(
					courseFigure(
						lessons.map((l, i) => ({
							duration: l.duration,
							watched: lessonFigures[i] * l.duration,
							completed: false
						}))
					)
				).toBeCloseTo(expected, 9);

				const surfaces: Record<string, number> = {};
				surfaces.learn = (await myCourses(t.sql, user.id)).find(
					(c) => c.courseId === courseId
				)!.coverage;
				surfaces.coursePage = (await courseFigures(t.sql, user.id, [courseId])).get(
					courseId
				)!.ratio;
				const cont = (await continueWatching(t.sql, user.id, 50)).find(
					(c) => c.courseId === courseId
				);
				if (cont) surfaces.continue = cont.courseCoverage;
				surfaces.tasks = (await myTasks(t.sql, user.id))
					.find((x) => x.programmeId === programme.id)!
					.courses.find((c) => c.courseId === courseId)!.coverage;
				const page = await peoplePage(t.sql, {
					programme,
					unitId: unit,
					includeSub: false,
					filter: 'all',
					q: ''
				});
				surfaces.peopleList = (await withFigures(t.sql, programme.id, page.rows)).find(
					(r) => r.userId === user.id
				)!.figure;
				surfaces.export = await exportedFigure(programme, user.id);

				for (const [name, v] of Object.entries(surfaces)) {
					expect(v, name).toBeCloseTo(expected, 9);
					expect(percent(v), name).toBe(percent(expected));
				}
				// All lessons completed → 100 %.
				if (lessons.every((l) => l.state?.completed)) expect(expected).toBe(1);
			}
		),
		{ numRuns: 40 }
	);
}, 120_000);
