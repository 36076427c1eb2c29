// The training archive (一人一档): a learner's own archive with its year
// selector, print layout and exports; a unit leader opens a person of their
// subtree (404 outside it) and the unit view of shortfalls; an administrator
// schedules a requirement version (a mistake names its field, writes nothing).
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { login } from './helpers';

async function download(page: Page, name: string | RegExp) {
	const [d] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('link', { name }).click()
	]);
	return { name: d.suggestedFilename(), bytes: readFileSync((await d.path())!) };
}

test('a learner sees their own archive, changes the year, prints and exports it', async ({
	page
}) => {
	await login(page, 'learner');
	await page.goto('/learn');
	await page.getByTestId('my-archive').click();
	await expect(page).toHaveURL(/\/archive$/);
	await expect(page).toHaveTitle(/我的培训档案/);
	const year = new Date().getFullYear();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(`我的培训档案 · ${year}`);
	await expect(page.getByTestId('archive-person')).toContainText('一般干部');
	const figures = page.getByTestId('archive-figures');
	// 一般干部: online self-study 50 a year and concentrated training 90 a year
	await expect(figures.getByRole('row', { name: /网络自学/ })).toContainText('50');
	await expect(figures.getByRole('row', { name: /集中培训（每年）/ })).toContainText('90');
	await expect(figures).not.toContainText('五年');

	await page.getByLabel('年度').selectOption(String(year - 1));
	await page.getByRole('button', { name: '查看' }).click();
	await expect(page).toHaveURL(new RegExp(`year=${year - 1}`));
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(`我的培训档案 · ${year - 1}`);

	// print: the site header and the tools are gone, the sheet stays
	await page.emulateMedia({ media: 'print' });
	await expect(page.locator('header.top')).toBeHidden();
	await expect(page.getByRole('button', { name: '打印' })).toBeHidden();
	await expect(figures).toBeVisible();
	await page.emulateMedia({ media: 'screen' });

	const xlsx = await download(page, '导出 Excel');
	expect(xlsx.name).toMatch(new RegExp(`培训档案-.+-${year - 1}\\.xlsx$`));
	expect(xlsx.bytes.subarray(0, 2).toString()).toBe('PK');
	const pdf = await download(page, '导出 PDF');
	expect(pdf.name).toMatch(/\.pdf$/);
	expect(pdf.bytes.subarray(0, 5).toString()).toBe('%PDF-');
});

test('a leader opens a person of their subtree, gets 404 outside it, and sees the unit view', async ({
	page,
	browser
}) => {
	// someone of 玛纳斯县, outside the leader's 呼图壁县
	const admin = await browser.newContext();
	const adminPage = await admin.newPage();
	await login(adminPage, 'admin');
	await adminPage.goto(`/admin/people?unit=${encodeURIComponent('昌吉州/玛纳斯县')}`);
	const href = await adminPage
		.locator('table a[href^="/admin/people/"]')
		.first()
		.getAttribute('href');
	const outsider = Number(href!.split('/').pop());
	// the administrator reaches anyone's archive from the person page
	await adminPage.goto(`/admin/people/${outsider}`);
	await adminPage.getByTestId('person-archive').click();
	await expect(adminPage.getByTestId('archive')).toBeVisible();
	await admin.close();

	await login(page, 'leader');
	await page.goto('/unit');
	const person = page.locator('table a[href^="/archive/"]').first();
	const name = (await person.textContent())!.trim();
	await person.click();
	await expect(page.getByTestId('archive-person')).toContainText(name);
	await expect(page.getByTestId('archive-figures')).toBeVisible();
	const pdf = await download(page, '导出 PDF');
	expect(pdf.bytes.subarray(0, 5).toString()).toBe('%PDF-');

	const outside = await page.goto(`/archive/${outsider}`);
	expect(outside!.status()).toBe(404);
	expect((await page.request.get(`/archive/${outsider}/xlsx`)).status()).toBe(404);
	expect((await page.request.get(`/archive/${outsider}/pdf`)).status()).toBe(404);

	await page.goto('/archive/units');
	const units = page.getByTestId('shortfall-units');
	await expect(units.getByRole('row', { name: /呼图壁县/ })).toBeVisible();
	await units.getByRole('link', { name: '呼图壁县' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toContainText('呼图壁县');
	// every person there is below 50 + 90 (the demo has no offline classes)
	const below = page.getByTestId('shortfall-people');
	await expect(below.getByRole('row').nth(1)).toBeVisible();
	const xlsx = await download(page, '导出 Excel');
	expect(xlsx.bytes.subarray(0, 2).toString()).toBe('PK');
	await below.getByRole('link').first().click();
	await expect(page.getByTestId('archive')).toBeVisible();
});

test('an administrator schedules a requirement version; a mistake names its field', async ({
	page
}) => {
	await login(page, 'admin');
	await page.goto('/admin/credit-rules');
	await page.getByRole('link', { name: '各职级学时要求' }).click();
	await expect(page).toHaveTitle(/学时要求/);
	const form = page.locator('form[action="?/create"]');
	await form.evaluate((f: HTMLFormElement) => (f.noValidate = true));
	await page.getByLabel('统计期（年）').fill('0');
	await page.getByLabel('学时', { exact: true }).fill('80');
	await page.getByRole('button', { name: '保存新版本' }).click();
	const alert = page.getByRole('alert');
	await expect(alert).toContainText('“适用职级”至少选一项');
	await expect(alert).toContainText('“统计期（年）”须为 1 到 10 的整数');
	await expect(page.locator('.version')).toHaveCount(3);

	await form.evaluate((f: HTMLFormElement) => (f.noValidate = true));
	await page.getByLabel('要求').selectOption({ label: '网络自学' });
	await page.getByRole('checkbox', { name: '一般干部' }).check();
	await page.getByRole('checkbox', { name: '课程学习' }).check();
	await page.getByLabel('统计期（年）').fill('1');
	await page.getByLabel('学时', { exact: true }).fill('60');
	await page.getByLabel('生效日期').fill('2099-01-01');
	await page.getByRole('button', { name: '保存新版本' }).click();
	await expect(page.getByRole('status')).toContainText('自 2099-01-01 起生效');
	const scheduled = page.locator('.version', { hasText: '待生效' });
	await expect(scheduled).toContainText('60 学时');
	await expect(page.locator('.version', { hasText: '2000-01-01 至 2098-12-31' })).toBeVisible();
	await scheduled.getByRole('button', { name: '删除此待生效版本' }).click();
	await expect(page.getByRole('status')).toContainText('待生效版本已删除');
	await expect(page.locator('.version')).toHaveCount(3);
});
