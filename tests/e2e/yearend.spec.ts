// The year-end statistics page: the administrator opens a year with one
// finished class of 呼图壁县 (two trainees who came, one who never did) and an
// out-of-region trainee, sees the figures the rows give, sees the charts on a
// phone-sized page, and downloads the xlsx; the county leader cannot open
// another county (404).
import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import postgres from 'postgres';
import { STATE_FILE } from './global-setup';
import { login } from './helpers';

const YEAR = 2019; // a year no other test writes classes in

function runDb() {
	const state = JSON.parse(readFileSync(STATE_FILE, 'utf8')) as { database: string };
	const url = new URL(process.env.DATABASE_URL!);
	url.pathname = `/${state.database}`;
	return postgres(url.toString(), { max: 1, onnotice: () => {} });
}

test('the administrator sees the year-end figures and downloads them; a leader stays in their county', async ({
	page,
	browser
}) => {
	test.skip(!process.env.DATABASE_URL, 'needs this run’s database');
	const sql = runDb();
	let classId = 0,
		lecturerId = 0,
		recordId = 0;
	try {
		const [county] = await sql`select id from org_units where name = '呼图壁县'`;
		const [other] = await sql`select id from org_units where name = '玛纳斯县'`;
		const people = await sql`
			select u.id from users u join org_units o on o.id = u.unit_id
			where o.kind = 'village' and u.unit_id in (select descendant_id from org_closure where ancestor_id = ${county.id})
			order by u.id limit 3`;
		[{ id: lecturerId }] = await sql`
			insert into lecturers (external, name, level, organisation) values (true, '沙尼汗·艾塔木', 'prefecture', '乡镇一线')
			returning id`;
		[{ id: classId }] = await sql`
			insert into classes (title, group_code, field_code, organiser_unit_id, starts_on, ends_on, location_text, capacity, status)
			values ('乡村振兴专业能力提升培训班（e2e）', 'econ_dev', 'rural', ${county.id}, ${`${YEAR}-05-06`}, ${`${YEAR}-05-10`},
				'呼图壁县委党校', 10, 'finished') returning id`;
		const sessions = await sql`
			insert into class_sessions (class_id, starts_at, ends_at, topic, kind, lecturer_id, place_text)
			values (${classId}, ${`${YEAR}-05-06T09:30:00+08:00`}, ${`${YEAR}-05-06T12:00:00+08:00`}, '乡村振兴专题讲座', 'lecture', ${lecturerId}, 'e2e 第1教室'),
				(${classId}, ${`${YEAR}-05-07T09:30:00+08:00`}, ${`${YEAR}-05-07T12:00:00+08:00`}, '案例分析', 'case_study', ${lecturerId}, 'e2e 第1教室')
			returning id`;
		for (const [i, p] of people.entries()) {
			await sql`insert into class_enrolments (class_id, user_id, status, via) values (${classId}, ${p.id}, 'enrolled', 'selection')`;
			for (const s of sessions)
				await sql`insert into class_attendance (session_id, class_id, user_id, status, method)
					values (${s.id}, ${classId}, ${p.id}, ${i < 2 ? 'present' : 'absent'}, 'manual')`;
		}
		[{ id: recordId }] = await sql`
			insert into training_records (user_id, kind, title, organisation, starts_on, ends_on)
			values (${people[0].id}, 'out_of_region', '福建省委党校专题培训班', '福建省委党校', ${`${YEAR}-09-01`}, ${`${YEAR}-09-10`})
			returning id`;

		await login(page, 'admin');
		await page.goto(`/reports/year-end?year=${YEAR}`);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(
			`${YEAR} 年度干部教育培训工作统计`
		);
		const figure = (id: string) => page.locator(`[data-figure="${id}"] .value`);
		await expect(figure('classes')).toHaveText('1');
		await expect(figure('specialised')).toHaveText('1');
		await expect(figure('specialised-pt')).toHaveText('2'); // the no-show is not a person-time
		await expect(figure('grassroots')).toHaveText('2');
		await expect(figure('out-of-region')).toHaveText('1');
		await expect(page.locator('[data-figure="group-classes"]')).toContainText('100.0%');
		await expect(page.getByTestId('chart-categories').locator('rect')).toHaveCount(2); // 经济发展类 and 乡村振兴
		await expect(page.getByTestId('yearend-lecturers')).toContainText('沙尼汗·艾塔木');

		const download = page.waitForEvent('download');
		await page.getByTestId('yearend-xlsx').click();
		const file = await (await download).path();
		const wb = new ExcelJS.Workbook();
		await wb.xlsx.readFile(file);
		const rows = wb.worksheets[0]
			.getSheetValues()
			.map((r) => (Array.isArray(r) ? r.slice(1, 3) : []));
		expect(rows).toContainEqual(['培训班次', 1]);
		expect(rows).toContainEqual(['专业化培训人次', 2]);

		// phone-sized: nothing wider than the screen
		await page.setViewportSize({ width: 390, height: 844 });
		await page.reload();
		const overflow = await page.evaluate(
			() => document.documentElement.scrollWidth - window.innerWidth
		);
		expect(overflow).toBeLessThanOrEqual(0);

		const leader = await browser.newPage();
		await login(leader, 'leader');
		const res = await leader.goto(`/reports/year-end?year=${YEAR}&unit=${other.id}`);
		expect(res?.status()).toBe(404);
		const own = await leader.goto(`/reports/year-end?year=${YEAR}`);
		expect(own?.status()).toBe(200);
		await expect(leader.locator('[data-figure="classes"] .value')).toHaveText('1');
		await leader.close();
	} finally {
		if (recordId) await sql`delete from training_records where id = ${recordId}`;
		if (classId) await sql`delete from classes where id = ${classId}`;
		if (lecturerId) await sql`delete from lecturers where id = ${lecturerId}`;
		await sql.end();
	}
});
