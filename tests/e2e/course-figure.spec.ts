// One course figure (issue 14): the demo learner's started course shows the
// same labelled percentage on /learn (我的课程 and 继续观看) and on the course
// page's progress line, in both languages, at phone size.
import { expect, test } from '@playwright/test';
import { DEMO_PASSWORD } from './helpers';

const BASE = `http://127.0.0.1:${Number(process.env.E2E_PORT ?? 4173)}`;

for (const locale of ['zh-CN', 'en'] as const) {
	test(`/learn, 继续观看 and the course page agree on the course figure (${locale})`, async ({
		browser
	}) => {
		const ctx = await browser.newContext({ locale, viewport: { width: 390, height: 844 } });
		await ctx.addCookies([{ name: 'PARAGLIDE_LOCALE', value: locale, url: BASE }]);
		const page = await ctx.newPage();
		await page.goto('/login');
		await page.locator('input[name="employeeNo"]').fill('learner');
		await page.locator('input[name="password"]').fill(DEMO_PASSWORD);
		await page.locator('main form button').click();
		await expect(page).not.toHaveURL(/\/login/);
		// signing in applied the account's saved language (an earlier spec may have saved one)
		await ctx.addCookies([{ name: 'PARAGLIDE_LOCALE', value: locale, url: BASE }]);

		await page.goto('/learn');
		const card = page.locator('li.card', { has: page.getByTestId('course-figure') }).first();
		const figure = (await card.getByTestId('course-figure').innerText()).trim();
		const label =
			locale === 'en'
				? /^Course progress \d+% \(by time watched\)$/
				: /^课程进度 \d+%（按观看时长）$/;
		expect(figure).toMatch(label);
		const title = (await card.locator('strong').innerText()).trim();
		const cont = page.locator('li.card', { hasText: title }).getByTestId('continue-course-figure');
		if (await cont.count()) expect((await cont.first().innerText()).trim()).toBe(figure);

		await card.locator('a').first().click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
		// the course page's progress line carries the same figure, labelled the same way
		const n = /\d+%/.exec(figure)![0];
		await expect(page.getByTestId('course-progress')).toContainText(
			locale === 'en' ? `${n} watched (by time)` : `已观看 ${n}（按观看时长）`
		);
		await ctx.close();
	});
}
