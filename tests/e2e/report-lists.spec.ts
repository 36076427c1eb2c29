// The report's lists as the demo county leader reads them: the unit row's
// count and the people list agree (sub-units included by default); sorting
// by column (units in the page, people on the server across pages and into
// the export); and at phone width no horizontal page scroll.
import { expect, test, type Page } from '@playwright/test';
import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import postgres from 'postgres';
import { STATE_FILE } from './global-setup';
import { login } from './helpers';

const PROGRAMME = '学习贯彻党的二十大精神专题学习';

async function ids() {
	const state = JSON.parse(readFileSync(STATE_FILE, 'utf8')) as { database: string };
	const url = new URL(process.env.DATABASE_URL!);
	url.pathname = `/${state.database}`;
	const sql = postgres(url.toString(), { max: 1, onnotice: () => {} });
	try {
		const [p] = await sql`select id from programmes where title = ${PROGRAMME}`;
		const [county] = await sql`select id from org_units where name = '呼图壁县'`;
		const [town] = await sql`select id from org_units where name = '五工台镇'`;
		return { programme: p.id as number, county: county.id as number, town: town.id as number };
	} finally {
		await sql.end();
	}
}

const heading = (page: Page) => page.getByRole('heading', { level: 2, name: /人员名单（\d+ 人）/ });
const count = async (page: Page) =>
	Number((await heading(page).innerText()).match(/（(\d+) 人）/)![1]);

test('the unit row’s 未开始 equals the people list under it, without ticking anything', async ({
	page
}) => {
	test.skip(!process.env.DATABASE_URL, 'needs this run’s database');
	const { programme, county } = await ids();
	await login(page, 'leader');
	await page.goto(`/reports/${programme}/units/${county}`);
	const row = page
		.getByTestId('unit-report')
		.getByRole('row')
		.filter({ has: page.getByRole('link', { name: '五工台镇' }) });
	const notStarted = Number((await row.locator('td').nth(4).innerText()).trim());
	expect(notStarted).toBeGreaterThan(1);
	await row.getByRole('link', { name: '五工台镇' }).click();
	await expect(page.getByRole('heading', { level: 1, name: '五工台镇' })).toBeVisible();
	await expect(page.getByLabel('包含下级单位人员')).toBeChecked();
	await page.getByLabel('状态筛选').selectOption('not_started');
	await page.getByRole('button', { name: '查询' }).click();
	await expect(page).toHaveURL(/status=not_started/);
	expect(await count(page)).toBe(notStarted);
	// unticked: the township's own staff only
	await page.getByLabel('包含下级单位人员').uncheck();
	await page.getByRole('button', { name: '查询' }).click();
	await expect(page).toHaveURL(/sub=0(?!&sub=1)/);
	expect(await count(page)).toBeLessThan(notStarted);
});

test('sorting: units by 完成率 in the page; people by 最近学习 across pages and into the export', async ({
	page
}) => {
	test.skip(!process.env.DATABASE_URL, 'needs this run’s database');
	const { programme, county } = await ids();
	await login(page, 'leader');
	await page.goto(`/reports/${programme}/units/${county}`);
	const units = page.getByTestId('unit-report');
	await units.getByRole('button', { name: '完成率' }).click();
	await expect(units.getByRole('columnheader', { name: /完成率/ })).toHaveAttribute(
		'aria-sort',
		'descending'
	);
	const rates = (await units.locator('tbody tr td.rate').allInnerTexts()).map((t) =>
		Number.parseFloat(t)
	);
	expect(rates.length).toBeGreaterThan(1);
	expect(rates).toEqual([...rates].sort((a, b) => b - a).slice(0, rates.length));

	// people of the whole county (more than one page), newest activity first
	const people = page.getByTestId('people-report');
	await people.getByRole('link', { name: /最近学习/ }).click();
	await expect(page).toHaveURL(/sort=last_activity&dir=desc/);
	const col = async () => people.locator('tbody tr td:nth-child(7)').allInnerTexts();
	const stamp = (t: string) => (/\d{4}-/.test(t) ? t : ''); // 从未 last
	const first = (await col()).map(stamp);
	expect([...first].sort().reverse()).toEqual(first);
	await page.getByRole('link', { name: '下一页' }).click();
	await expect(page).toHaveURL(/page=2/);
	await expect(page).toHaveURL(/sort=last_activity&dir=desc/);
	const second = (await col()).map(stamp);
	expect(second[0] <= first.at(-1)!).toBe(true);
	expect([...second].sort().reverse()).toEqual(second);

	// the export comes out in the same order
	const [download] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('button', { name: '导出人员名单（xlsx）' }).click()
	]);
	const wb = new ExcelJS.Workbook();
	await wb.xlsx.readFile(await download.path());
	const ws = wb.worksheets[0];
	const times: number[] = [];
	let nulls = 0;
	for (let r = 4; r <= ws.rowCount; r++) {
		const v = ws.getRow(r).getCell(7).value;
		if (v instanceof Date) {
			expect(nulls, 'dates before the never-studied').toBe(0);
			times.push(v.getTime());
		} else nulls++;
	}
	expect(times.length).toBeGreaterThan(50);
	expect([...times].sort((a, b) => b - a)).toEqual(times);
});

test.describe('at phone width (390 × 844)', () => {
	test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

	test('the report and its people list fit the screen: no horizontal page scroll', async ({
		page
	}) => {
		test.skip(!process.env.DATABASE_URL, 'needs this run’s database');
		const { programme, county, town } = await ids();
		await login(page, 'leader');
		for (const path of [
			`/reports/${programme}/units/${county}`,
			`/reports/${programme}/units/${town}?status=not_started`
		]) {
			await page.goto(path);
			await expect(page.getByTestId('unit-report')).toBeVisible();
			const { scroll, width } = await page.evaluate(() => ({
				scroll: document.documentElement.scrollWidth,
				width: window.innerWidth
			}));
			expect(scroll, path).toBeLessThanOrEqual(width);
			// the key figures of a unit are on screen, not behind a scroll
			const card = page.getByTestId('unit-report').locator('tbody tr').first();
			for (const label of ['已完成', '学习中', '未开始', '逾期']) {
				const cell = card.locator(`td[data-label="${label}"]`);
				await expect(cell).toBeInViewport();
				const box = (await cell.boundingBox())!;
				expect(box.x + box.width, label).toBeLessThanOrEqual(width);
			}
		}
		const first = page.getByTestId('people-report').locator('tbody tr').first();
		const box = (await first.boundingBox())!;
		expect(box.x + box.width).toBeLessThanOrEqual(390);
	});
});

test('the leader’s /programmes lists the global programme read-only with a way to its report', async ({
	page
}) => {
	test.skip(!process.env.DATABASE_URL, 'needs this run’s database');
	await login(page, 'leader');
	await page.goto('/programmes');
	await expect(page.getByText('还没有专题学习。')).toHaveCount(0);
	const row = page.getByRole('row').filter({ hasText: PROGRAMME });
	await expect(row).toContainText('只读');
	await expect(row.getByRole('link', { name: PROGRAMME, exact: true })).toHaveCount(0);
	await row.getByRole('link', { name: /查看统计/ }).click();
	await expect(page.getByRole('heading', { level: 1, name: '呼图壁县' })).toBeVisible();
});
