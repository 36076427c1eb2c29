// An administrator changes the credit rules from a future day, sees the
// version scheduled beside the one in force, and withdraws it; a learner
// cannot open the page.
import { expect, test } from '@playwright/test';
import { login } from './helpers';

test('admin schedules and withdraws a new credit rule version', async ({ page }) => {
	await login(page, 'admin');
	await page.goto('/admin/credit-rules');
	await expect(page).toHaveTitle(/学时规则/);
	const current = page.getByRole('region', { name: /现行规则/ });
	await expect(current).toContainText('≥ 30 分钟：1 学时');

	// a typed mistake is refused with the field named, and nothing is scheduled:
	// the browser stops it first; past that (an old browser), the server does
	await page.getByLabel('长课程学时').fill('25');
	expect(
		await page.getByLabel('长课程学时').evaluate((i: HTMLInputElement) => i.validity.valid)
	).toBe(false);
	await page
		.locator('form[action="?/create"]')
		.evaluate((f: HTMLFormElement) => (f.noValidate = true));
	await page.getByRole('button', { name: '保存新版本' }).click();
	await expect(page.getByRole('alert')).toContainText('“长课程学时”须在 0 到 20 之间');
	await expect(page.locator('.version')).toHaveCount(1);

	await page.getByLabel('长课程学时').fill('1.5');
	await page.getByLabel('生效日期').fill('2099-01-01');
	await page.getByRole('button', { name: '保存新版本' }).click();
	await expect(page.getByRole('status')).toContainText('自 2099-01-01 起生效');
	const scheduled = page.locator('.version', { hasText: '待生效' });
	await expect(scheduled).toContainText('≥ 30 分钟：1.5 学时');
	// the rules in force did not change
	await expect(current).toContainText('≥ 30 分钟：1 学时');

	await scheduled.getByRole('button', { name: '删除此待生效版本' }).click();
	await expect(page.getByRole('status')).toContainText('待生效版本已删除');
	await expect(page.locator('.version')).toHaveCount(1);
});

test('a learner cannot open the credit rules', async ({ page }) => {
	await login(page, 'learner');
	const res = await page.goto('/admin/credit-rules');
	expect(res?.status()).toBe(403);
});
