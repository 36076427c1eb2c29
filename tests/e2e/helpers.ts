import { expect, type Page } from '@playwright/test';

export const DEMO_PASSWORD = 'xuefan-demo';

export async function login(page: Page, employeeNo: string, password = DEMO_PASSWORD) {
	await page.goto('/login');
	await page.getByLabel('工号').fill(employeeNo);
	await page.getByLabel('密码').fill(password);
	await page.getByRole('button', { name: '登录' }).click();
	await expect(page).not.toHaveURL(/\/login/);
}
