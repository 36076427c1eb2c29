// The lecturer pool, field teaching and dispatch (调训), issue 12: an
// administrator adds a lecturer (a wrong photo refused, a PNG taken) and a
// teaching point; the county leader opens the dispatch list, selects three
// people and nominates them into a class with a quota of two: two enrolled,
// one refused with the reason; a unit outside their subtree answers 404.
import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import postgres from 'postgres';
import { STATE_FILE } from './global-setup';
import { login } from './helpers';

function runDb() {
	const state = JSON.parse(readFileSync(STATE_FILE, 'utf8')) as { database: string };
	const url = new URL(process.env.DATABASE_URL!);
	url.pathname = `/${state.database}`;
	return postgres(url.toString(), { max: 1, onnotice: () => {} });
}

// a 1×1 PNG
const PNG = Buffer.from(
	'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
	'base64'
);

test('an administrator adds a lecturer and a teaching point', async ({ page }) => {
	await login(page, 'admin');
	await page.goto('/admin/lecturers');
	await page.getByRole('link', { name: '新增教师' }).click();
	// hydrated before typing: on a loaded machine a value typed earlier is reset
	await page.waitForLoadState('networkidle');
	await page.getByLabel('外聘教师（无账号）').check();
	await page.getByLabel('姓名').fill('阿依古丽·吐尔逊');
	await page.getByLabel('工作单位').fill('新疆大学');
	await page.getByLabel('授课专题').fill('民族团结，依法治理');
	await page.getByLabel(/照片/).setInputFiles({
		name: 'a.png',
		mimeType: 'image/png',
		buffer: Buffer.from('GIF89a not a png')
	});
	await page.getByRole('button', { name: '保存' }).click();
	await expect(page.locator('#photo-error')).toHaveText('照片须为 JPEG 或 PNG 图片。');
	await page
		.getByLabel(/照片/)
		.setInputFiles({ name: 'a.png', mimeType: 'image/png', buffer: PNG });
	await page.getByRole('button', { name: '保存' }).click();
	await expect(page.getByRole('status')).toContainText('已加入师资库');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('阿依古丽·吐尔逊');
	await expect(page.getByRole('img', { name: '阿依古丽·吐尔逊 的照片' })).toBeVisible();
	await page.goto('/admin/lecturers?q=依法');
	await expect(page.getByRole('link', { name: '阿依古丽·吐尔逊' })).toBeVisible();

	await page.goto('/admin/sites');
	await page.waitForLoadState('networkidle');
	const form = page.locator('form[action="?/site"]');
	await form.getByLabel('名称').fill('五工台村史馆');
	await form.getByLabel('可容纳人数').fill('abc');
	await form.getByRole('button', { name: '保存' }).click();
	await expect(page.locator('#site-capacity-error')).toContainText('1 到 100000');
	await form.getByLabel('可容纳人数').fill('80');
	await form.getByLabel('教学主题').fill('乡村振兴');
	await form.getByRole('button', { name: '保存' }).click();
	await expect(page.getByRole('status')).toContainText('已新增');
	await expect(page.getByRole('row', { name: /五工台村史馆/ })).toContainText('现场教学点');
});

test('the county leader nominates from the dispatch list within the quota', async ({ page }) => {
	test.skip(!process.env.DATABASE_URL, 'needs this run’s database');
	const sql = runDb();
	try {
		const [county] = await sql`select id from org_units where name = '呼图壁县'`;
		const [top] = await sql`select id from org_units where parent_id is null`;
		const [c] = await sql`
			insert into classes (title, organiser_unit_id, starts_on, ends_on, location_text, capacity, status)
			values ('调训测试班', ${county.id}, current_date + 30, current_date + 34, '县委党校', 5, 'enrolling') returning id`;
		await sql`insert into class_quotas (class_id, unit_id, quota) values (${c.id}, ${county.id}, 2)`;

		await login(page, 'leader');
		await page.goto('/dispatch');
		await expect(page.getByRole('heading', { name: '调训优先名单' })).toBeVisible();
		await expect(page.getByText(/共 \d+ 人/)).toBeVisible();
		const boxes = page.getByRole('checkbox', { name: /^选择 / });
		for (let i = 0; i < 3; i++) await boxes.nth(i).check();
		await page.getByLabel('调训到班次').selectOption(String(c.id));
		await page.getByRole('button', { name: '调训选中人员' }).click();
		const result = page.getByRole('status');
		await expect(result).toContainText('已报名 2 人');
		await expect(result).toContainText('未能调训 1 人');
		await expect(result.locator('li[data-code="quota_full"]')).toHaveCount(1);
		const [{ n }] =
			await sql`select count(*)::int as n from class_enrolments where class_id = ${c.id}`;
		expect(n).toBe(2);

		// outside the leader's subtree: not found
		const response = await page.goto(`/dispatch?unit=${top.id}`);
		expect(response?.status()).toBe(404);
	} finally {
		await sql.end();
	}
});
