// The year-end statistics on the prefecture seed's training year (45,000
// people): the page's module must show the source document's figures, each
// also recounted here by SQL written apart from the module's (from the raw
// attendance, not attended_sessions; from the unit kinds, not the view), for
// the whole prefecture and for a county; leaders see only their subtree.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { isHttpError } from '@sveltejs/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSchema, type TestDb } from '../../src/lib/server/db/test-schema';
import { seedPrefecture } from '../../src/lib/server/seed/index';
import { yearEndStats } from '../../src/lib/server/yearend/stats';
import { yearEndTarget } from '../../src/lib/server/yearend/scope';
import { writeYearEndXlsx, yearEndPdf } from '../../src/lib/server/yearend/export';
import type { SessionUser } from '../../src/lib/server/auth/types';
import { recount } from './yearend-recount';

let t: TestDb;
let county: { id: number; name: string };
beforeAll(async () => {
	t = await createTestSchema();
	await seedPrefecture(t.sql);
	[county] = await t.sql`select id, name from org_units where name = '呼图壁县'`;
}, 900_000);
afterAll(() => t?.drop());

describe('year-end statistics of the prefecture training year', () => {
	it('shows exactly the figures of the source document', async () => {
		const s = await yearEndStats(t.sql, { year: 2022, unitId: null });
		expect(s.classes).toBe(486);
		expect(s.groupShare).toBeGreaterThanOrEqual(0.6);
		expect(s.specialisedClasses).toBe(338);
		expect(s.specialisedPersonTimes).toBe(64_992);
		expect(s.grassrootsTrained).toBe(25_978);
		expect(s.outOfRegion).toBe(3_183);
		expect(s.secondments).toBe(195);
		expect(s.lecturers.pool).toBe(119);
		expect(s.lecturers.active).toBe(119);
		expect([s.resources.bases, s.resources.points, s.resources.routes]).toEqual([
			{ total: 2, used: 2 },
			{ total: 8, used: 8 },
			{ total: 4, used: 4 }
		]);
		expect(s.online.learners).toBe(44_600);
	});

	it('equals a separate recount in SQL, for the prefecture and for a county', async () => {
		for (const unitId of [null, county.id]) {
			const s = await yearEndStats(t.sql, { year: 2022, unitId });
			const r = await recount(t.sql, 2022, unitId);
			expect(s.classes, `classes ${unitId}`).toBe(r.classes);
			expect(s.groupClasses).toBe(r.groupClasses);
			expect(s.specialisedClasses).toBe(r.specialised);
			expect(Object.fromEntries(s.categories.map((c) => [c.code, c.classes]))).toEqual(
				r.byCategory
			);
			expect(s.specialisedPersonTimes).toBe(r.specialisedPersonTimes);
			expect(s.personTimes).toBe(r.personTimes);
			expect(s.trainedPeople).toBe(r.trained);
			expect(s.grassrootsTrained).toBe(r.grassroots);
			expect(Object.fromEntries(s.trainedByRank.map((x) => [x.rankLevel, x.people]))).toEqual(
				r.byRank
			);
			expect(s.outOfRegion).toBe(r.outOfRegion);
			expect(s.secondments).toBe(r.secondments);
			expect(s.online.learners).toBe(r.onlineLearners);
			expect(s.online.programmes.map((p) => [p.assigned, p.completed])).toEqual(r.programmes);
			expect(s.lecturers.active).toBe(r.lecturersActive);
			expect(s.lecturers.ratings).toBe(r.ratings);
			expect(s.lecturers.average).toBeCloseTo(r.average ?? NaN, 2);
			expect(s.resources.rows.map((x) => [x.kind, x.id, x.sessions]).sort()).toEqual(r.resources);
		}
		// a county sees part of the prefecture, not all of it and not nothing
		const c = await yearEndStats(t.sql, { year: 2022, unitId: county.id });
		expect(c.unit).toEqual(county);
		expect(c.classes).toBeGreaterThan(0);
		expect(c.classes).toBeLessThan(486);
		expect(c.grassrootsTrained).toBeGreaterThan(0);
		expect(c.grassrootsTrained).toBeLessThan(25_978);
	}, 600_000); // the plain recount scans every attendance record once per figure

	it('keeps attended_sessions with the attendance records (the trigger)', async () => {
		const [e] = await t.sql`
			select a.class_id, a.user_id, a.session_id, ce.attended_sessions as n from class_attendance a
			join class_enrolments ce using (class_id, user_id) where a.status = 'present' limit 1`;
		const now = async () =>
			(
				await t.sql`select attended_sessions as n from class_enrolments where class_id = ${e.class_id} and user_id = ${e.user_id}`
			)[0].n;
		await t.sql`update class_attendance set status = 'absent' where session_id = ${e.session_id} and user_id = ${e.user_id}`;
		expect(await now()).toBe(e.n - 1);
		await t.sql`update class_attendance set status = 'late' where session_id = ${e.session_id} and user_id = ${e.user_id}`;
		expect(await now()).toBe(e.n);
		const [row] =
			await t.sql`delete from class_attendance where session_id = ${e.session_id} and user_id = ${e.user_id} returning *`;
		expect(await now()).toBe(e.n - 1);
		await t.sql`insert into class_attendance ${t.sql(row)}`;
		expect(await now()).toBe(e.n);
	});

	it('keeps the per-person and per-session summaries when classes and ratings change', async () => {
		const stats = () => yearEndStats(t.sql, { year: 2022, unitId: null });
		const before = await stats();
		const [c] = await t.sql`
			select c.id, c.field_code, c.starts_on, count(*)::int as n from classes c
			join class_enrolments e on e.class_id = c.id and e.attended_sessions > 0
			where c.field_code is not null group by c.id order by c.id limit 1`;
		await t.sql`update classes set field_code = null where id = ${c.id}`;
		expect((await stats()).specialisedPersonTimes).toBe(64_992 - c.n);
		await t.sql`update classes set starts_on = starts_on - 730, ends_on = ends_on - 730 where id = ${c.id}`;
		const moved = await stats();
		expect(moved.personTimes).toBe(before.personTimes - c.n);
		expect((await yearEndStats(t.sql, { year: 2020, unitId: null })).personTimes).toBe(c.n);
		await t.sql`update classes set starts_on = starts_on + 730, ends_on = ends_on + 730, field_code = ${c.field_code} where id = ${c.id}`;
		const back = await stats();
		expect([back.personTimes, back.specialisedPersonTimes, back.trainedPeople]).toEqual([
			before.personTimes,
			64_992,
			before.trainedPeople
		]);
		// a rating added and taken back moves the lecturer's figures, then restores them
		const [a] = await t.sql`
			select a.session_id, a.user_id, a.class_id, s.lecturer_id from class_attendance a
			join class_sessions s on s.id = a.session_id
			where a.status = 'present' and s.lecturer_id is not null
				and not exists (select 1 from class_evaluations e where e.session_id = a.session_id and e.user_id = a.user_id)
			limit 1`;
		await t.sql`insert into class_evaluations (session_id, user_id, class_id, lecturer_id, session_score, lecturer_score)
			values (${a.session_id}, ${a.user_id}, ${a.class_id}, ${a.lecturer_id}, 5, 1)`;
		expect((await stats()).lecturers.ratings).toBe(before.lecturers.ratings + 1);
		await t.sql`delete from class_evaluations where session_id = ${a.session_id} and user_id = ${a.user_id}`;
		expect((await stats()).lecturers).toEqual(before.lecturers);
		// deleting a class takes its trainees off
		const [scratch] = await t.sql`
			insert into classes (title, field_code, organiser_unit_id, starts_on, ends_on, location_text, capacity)
			select '临时班', 'health', min(id), '2022-12-20', '2022-12-21', '州委党校', 5 from org_units returning id`;
		const [s1] = await t.sql`
			insert into class_sessions (class_id, starts_at, ends_at, topic, kind, place_text)
			values (${scratch.id}, '2022-12-20T01:30:00Z', '2022-12-20T04:00:00Z', '讲座', 'lecture', '临时教室') returning id`;
		await t.sql`insert into class_enrolments (class_id, user_id, status, via) values (${scratch.id}, ${a.user_id}, 'enrolled', 'selection')`;
		await t.sql`insert into class_attendance (session_id, class_id, user_id, status, method)
			values (${s1.id}, ${scratch.id}, ${a.user_id}, 'present', 'manual')`;
		expect((await stats()).specialisedPersonTimes).toBe(64_993);
		await t.sql`delete from classes where id = ${scratch.id}`;
		const after = await stats();
		expect([after.personTimes, after.specialisedPersonTimes, after.trainedPeople]).toEqual([
			before.personTimes,
			64_992,
			before.trainedPeople
		]);
	});

	it('lets a leader see their subtree only (404 outside), and refuses a bad year', async () => {
		const leader = {
			id: 1,
			roles: ['leader'],
			scopeUnitIds: [county.id]
		} as unknown as SessionUser;
		const own = await yearEndTarget(t.sql, leader, new URLSearchParams());
		expect(own.query).toEqual({ year: 2022, unitId: county.id });
		expect(own.wholeOrg).toBe(false);
		const [outside] = await t.sql`select id from org_units where name = '玛纳斯县'`;
		const status = async (q: string) =>
			yearEndTarget(t.sql, leader, new URLSearchParams(q)).then(
				() => 200,
				(e) => (isHttpError(e) ? e.status : 500)
			);
		expect(await status(`unit=${outside.id}`)).toBe(404);
		expect(await status('unit=abc')).toBe(404);
		expect(await status('year=20x2')).toBe(400);
		expect(await status('year=1999')).toBe(400);
		const [village] = await t.sql`
			select u.id from org_units u join org_closure c on c.descendant_id = u.id
			where c.ancestor_id = ${county.id} and u.kind = 'village' limit 1`;
		expect(await status(`unit=${village.id}&year=2022`)).toBe(200);
		const admin = { id: 2, roles: ['admin'], scopeUnitIds: [] } as unknown as SessionUser;
		expect((await yearEndTarget(t.sql, admin, new URLSearchParams())).query.unitId).toBeNull();
	});

	it('exports the figures as xlsx and as a PDF with Chinese text', async () => {
		const s = await yearEndStats(t.sql, { year: 2022, unitId: null });
		const meta = { title: '2022 年度干部教育培训工作统计', subtitle: '全部单位' };
		const out = new PassThrough();
		const chunks: Buffer[] = [];
		out.on('data', (c) => chunks.push(c));
		await writeYearEndXlsx(out, meta, s);
		const wb = new ExcelJS.Workbook();
		await wb.xlsx.load(Buffer.concat(chunks) as unknown as ArrayBuffer);
		const values = wb.worksheets[0]
			.getSheetValues()
			.map((r) => (Array.isArray(r) ? r.slice(1, 3) : []));
		expect(values).toContainEqual(['培训班次', 486]);
		expect(values).toContainEqual(['专业化培训人次', 64_992]);
		expect(values).toContainEqual(['培训基层干部（人）', 25_978]);

		const dir = mkdtempSync(path.join(tmpdir(), 'yearend-pdf-'));
		try {
			const file = path.join(dir, 'y.pdf');
			writeFileSync(file, await yearEndPdf(meta, s));
			const text = execFileSync('pdftotext', ['-layout', file, '-']).toString();
			for (const want of [
				'年度干部教育培训工作统计',
				'培训班次',
				'486',
				'64992',
				'25978',
				'3183',
				'195',
				'119'
			])
				expect(text).toContain(want);
			execFileSync('pdftoppm', [
				'-png',
				'-r',
				'60',
				'-f',
				'1',
				'-l',
				'1',
				file,
				path.join(dir, 'page')
			]);
			const png = path.join(dir, 'page-1.png');
			expect(readFileSync(png).subarray(1, 4).toString()).toBe('PNG');
			expect(statSync(png).size).toBeGreaterThan(10_000);
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});
});
