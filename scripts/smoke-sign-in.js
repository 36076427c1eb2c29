// CI's smoke start, in a real browser: sign in as the demo learner at the URL
// the start banner printed, post one form (the language switch) and call one
// JSON endpoint. Exits non-zero with the reason on any failure.
//   node scripts/smoke-sign-in.js http://localhost:3999
import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';

const base = process.argv[2];
if (!base) throw new Error('usage: node scripts/smoke-sign-in.js <url>');
const executablePath =
	process.env.CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);
const browser = await chromium.launch({
	executablePath,
	args: ['--headless', '--no-sandbox', '--disable-gpu']
});
try {
	const page = await browser.newPage({ locale: 'zh-CN' });
	await page.goto(`${base}/login`);
	await page.getByLabel('工号').fill('learner');
	await page.getByLabel('密码').fill('xuefan-demo');
	await page.getByRole('button', { name: '登录' }).click();
	await page.waitForURL(`${base}/`, { timeout: 15_000 });
	await page.locator('form[action="/locale"] button').first().click();
	await page.waitForFunction(() => document.documentElement.lang === 'en', null, {
		timeout: 15_000
	});
	const status = await page.evaluate(
		async () =>
			(
				await fetch('/api/notifications/read', {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: '{"all":true}'
				})
			).status
	);
	if (status !== 200) throw new Error(`POST /api/notifications/read answered ${status}`);
	console.log(`smoke sign-in: signed in at ${base}, form and JSON endpoint answered`);
} finally {
	await browser.close();
}
