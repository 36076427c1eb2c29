import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { login } from './helpers';

// By id: its accessible name changes with the language.
const nav = (page: import('@playwright/test').Page) => page.locator('#main-nav');

test('each demo role logs in and sees its own navigation', async ({ browser }) => {
	const expected: Record<string, { has: string[]; lacks: string[] }> = {
		admin: { has: ['首页', '组织机构', '人员管理', '导入花名册'], lacks: ['本单位'] },
		leader: { has: ['首页', '本单位'], lacks: ['组织机构', '人员管理'] },
		lecturer: { has: ['首页'], lacks: ['组织机构', '本单位'] },
		learner: { has: ['首页'], lacks: ['组织机构', '人员管理', '本单位'] }
	};
	for (const [account, { has, lacks }] of Object.entries(expected)) {
		const context = await browser.newContext();
		const page = await context.newPage();
		await login(page, account);
		for (const label of has)
			await expect(nav(page).getByRole('link', { name: label, exact: true })).toBeVisible();
		for (const label of lacks)
			await expect(nav(page).getByRole('link', { name: label, exact: true })).toHaveCount(0);
		await context.close();
	}
});

test('a wrong password shows an error that does not reveal the account', async ({ page }) => {
	await page.goto('/login');
	await page.getByLabel('工号').fill('learner');
	await page.getByLabel('密码').fill('not-the-password');
	await page.getByRole('button', { name: '登录' }).click();
	const wrong = await page.getByRole('alert').textContent();
	expect(wrong).toContain('工号或密码错误');

	await page.getByLabel('工号').fill('nobody-such');
	await page.getByLabel('密码').fill('not-the-password');
	await page.getByRole('button', { name: '登录' }).click();
	await expect(page.getByRole('alert')).toHaveText(wrong!);
	await expect(page).toHaveURL(/\/login/);
});

test('the language switch turns the interface to English and back, and is remembered', async ({
	page
}) => {
	await login(page, 'learner');
	await page.getByRole('button', { name: /English/ }).click();
	await expect(nav(page).getByRole('link', { name: 'Home', exact: true })).toBeVisible();
	await expect(page.locator('html')).toHaveAttribute('lang', 'en');
	// Kept per user: a fresh browser signs in and gets English.
	const fresh = await page.context().browser()!.newContext();
	const other = await fresh.newPage();
	await other.goto('/login');
	await other.getByLabel('工号').fill('learner');
	await other.getByLabel('密码').fill('xuefan-demo');
	await other.getByRole('button', { name: '登录' }).click();
	await expect(nav(other).getByRole('link', { name: 'Home', exact: true })).toBeVisible();
	await fresh.close();
	await page.getByRole('button', { name: /中文/ }).click();
	await expect(nav(page).getByRole('link', { name: '首页', exact: true })).toBeVisible();
	await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
});

test('a learner cannot open admin pages and nothing leaks', async ({ page }) => {
	await login(page, 'learner');
	for (const path of ['/admin/units', '/admin/people', '/admin/people/import', '/unit']) {
		const res = await page.goto(path);
		expect(res?.status(), path).toBe(403);
		const html = await page.content();
		// Nothing of the org tree or the roster: units outside the learner's own
		// path, other people's employee numbers.
		for (const unit of ['玛纳斯县', '县委组织部', '大丰镇']) expect(html, path).not.toContain(unit);
		expect(html).not.toMatch(/HTB\d{4}/);
	}
	const data = await page.request.get('/admin/people/__data.json');
	expect(data.status() === 403 || (await data.text()).includes('"status":403')).toBe(true);
});

test('login and home pages pass an axe accessibility check', async ({ page }) => {
	await page.goto('/login');
	const loginScan = await new AxeBuilder({ page }).analyze();
	expect(loginScan.violations.map((v) => v.id)).toEqual([]);
	await login(page, 'admin');
	const homeScan = await new AxeBuilder({ page }).analyze();
	expect(homeScan.violations.map((v) => v.id)).toEqual([]);
});
