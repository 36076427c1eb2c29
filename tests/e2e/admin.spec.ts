import { expect, test } from '@playwright/test';
import path from 'node:path';
import { login } from './helpers';

const fixture = (name: string) => path.join(import.meta.dirname, '..', 'fixtures', name);

test('admin creates a unit, imports a roster with a bad row, fixes it, and the new person sets a password', async ({
	page,
	browser
}) => {
	await login(page, 'admin');

	// Create a unit under 呼图壁县.
	await page.goto('/admin/units');
	await page.getByRole('link', { name: '昌吉州', exact: true }).click();
	await expect(page.getByRole('heading', { level: 1 })).toContainText('昌吉州');
	await page.getByRole('link', { name: '呼图壁县', exact: true }).click();
	// Both unit pages have a create form: wait for the county's before filling it.
	await expect(page.getByRole('heading', { level: 1 })).toContainText('呼图壁县');
	await page.locator('#create-name').fill('端到端测试社区');
	await page.locator('#create-kind').selectOption('village');
	await page.getByRole('button', { name: '创建', exact: true }).click();
	await expect(page.getByText('已创建“端到端测试社区”')).toBeVisible();
	await expect(page.getByRole('link', { name: '端到端测试社区', exact: true })).toBeVisible();

	// A roster with one bad row: the row's error is listed and nothing is imported.
	await page.goto('/admin/people/import');
	await page.locator('#file').setInputFiles(fixture('roster-bad.xlsx'));
	await page.locator('#initialPassword').fill('Chushi2026');
	await page.getByRole('button', { name: '导入', exact: true }).click();
	await expect(page.getByRole('alert')).toContainText('未导入任何数据');
	const problems = page.locator('table.problems tbody tr');
	await expect(problems).toHaveCount(1);
	await expect(problems.first()).toContainText('3');
	await expect(problems.first()).toContainText('单位');
	await expect(problems.first()).toContainText('不存在的单位');
	await page.goto('/admin/people?q=E2E000');
	await expect(page.getByText('E2E0001')).toHaveCount(0);

	// The fixed roster imports.
	await page.goto('/admin/people/import');
	await page.locator('#file').setInputFiles(fixture('roster-good.xlsx'));
	await page.locator('#initialPassword').fill('Chushi2026');
	await page.getByRole('button', { name: '导入', exact: true }).click();
	await expect(page.getByRole('status')).toContainText('新增 3 人');
	await page.goto('/admin/people?q=E2E000');
	await expect(page.getByRole('cell', { name: 'E2E0001' })).toBeVisible();

	// An imported person must choose their own password at first login.
	const context = await browser.newContext();
	const newcomer = await context.newPage();
	await newcomer.goto('/login');
	await newcomer.getByLabel('工号').fill('E2E0001');
	await newcomer.getByLabel('密码').fill('Chushi2026');
	await newcomer.getByRole('button', { name: '登录' }).click();
	await expect(newcomer).toHaveURL(/\/password/);
	await newcomer.goto('/');
	await expect(newcomer).toHaveURL(/\/password/);
	await newcomer.getByLabel('新密码', { exact: true }).fill('Wode2026mima');
	await newcomer.getByLabel('再次输入新密码').fill('Wode2026mima');
	await newcomer.getByRole('button', { name: '保存新密码' }).click();
	await expect(newcomer.getByRole('heading', { level: 1 })).toContainText('您好');
	await context.close();
});

test('a unit leader sees their county and what lies below it, nothing outside', async ({
	page,
	browser
}) => {
	// The id of a unit outside the leader's scope, looked up as the admin.
	const adminContext = await browser.newContext();
	const admin = await adminContext.newPage();
	await login(admin, 'admin');
	await admin.goto('/admin/units?q=' + encodeURIComponent('玛纳斯县'));
	const href = await admin
		.getByRole('link', { name: '玛纳斯县', exact: true })
		.first()
		.getAttribute('href');
	const manasId = href!.split('/').pop();
	await adminContext.close();

	await login(page, 'leader');
	await page.goto('/unit');
	await expect(page.getByRole('link', { name: '呼图壁县', exact: true })).toBeVisible();
	await expect(page.getByText('玛纳斯县')).toHaveCount(0);
	await page.getByRole('link', { name: '呼图壁县', exact: true }).click();
	await expect(page.getByRole('link', { name: '五工台镇', exact: true })).toBeVisible();
	await page.getByRole('searchbox').fill('learner');
	await page.getByRole('button', { name: '查找' }).click();
	await expect(page.getByRole('cell', { name: 'learner', exact: true })).toBeVisible();

	// Outside the subtree, by URL: refused, and the page names nothing of it.
	const outside = await page.request.get(`/unit/${manasId}`);
	expect(outside.status()).toBe(403);
	expect(await outside.text()).not.toContain('玛纳斯县');
	expect((await page.request.get('/admin/units')).status()).toBe(403);
});
