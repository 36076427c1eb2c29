// Learners find their way and administrators' org/roster pages (issue 14):
// the home page's first things, the course page's start button, page titles
// and <html lang> after an English sign-in, the header at 390 px in both
// languages; sub-unit kinds, the org tree expanding in place, a person's
// study record.
import { expect, test, type Page } from '@playwright/test';
import { login } from './helpers';

test('the home page puts first: where I left off, this year’s 学时 against my requirement, tasks, new courses', async ({
	page
}) => {
	await login(page, 'learner');
	await expect(page).toHaveTitle('首页 · 学帆');
	// The demo learner watched 40 % of the first course's first lecture.
	const resume = page.getByTestId('home-resume');
	await expect(resume.getByRole('link')).toHaveAttribute('href', /\/courses\/\d+\/lessons\/\d+/);
	await expect(resume).toContainText('看到');
	// 一般干部: 50 学时 of online self-study a year (annual_hour_requirements).
	await expect(page.getByTestId('home-hours')).toContainText(/年已获 [\d.]+ \/ 50 学时/);
	await expect(page.getByTestId('home-hours').getByRole('progressbar')).toBeVisible();
	const fresh = page.getByTestId('home-new-courses').getByRole('listitem');
	expect(await fresh.count()).toBeGreaterThan(0);
	await fresh.first().getByRole('link').click();
	await expect(page).toHaveURL(/\/courses\/\d+$/);
});

test('a course page shows its progress and 开始学习 / 继续学习 before any lesson is opened', async ({
	page
}) => {
	test.setTimeout(660_000);
	await login(page, 'learner');
	// The course the learner is watching: 继续学习 to the lesson not yet completed.
	await page.goto('/');
	const lessonHref = await page.getByTestId('home-resume').getByRole('link').getAttribute('href');
	const courseHref = lessonHref!.replace(/\/lessons\/\d+$/, '');
	// The demo lectures transcode in the background after the first start: wait for them.
	await expect
		.poll(
			async () => {
				await page.goto(courseHref);
				return page.getByTestId('course-resume').count();
			},
			{ timeout: 300_000, intervals: [3000] }
		)
		.toBe(1);
	await expect(page.getByTestId('course-resume')).toHaveText('继续学习');
	await expect(page.getByTestId('course-resume')).toHaveAttribute('href', lessonHref!);
	await expect(page.getByTestId('course-progress')).toContainText(/已观看 [1-9]\d?%/);

	// A course never started: 开始学习 and 0 %.
	await page.goto('/courses');
	const links = await page
		.locator('a[href^="/courses/"]')
		.evaluateAll((as) =>
			[...new Set(as.map((a) => a.getAttribute('href')!))].filter((h) => /^\/courses\/\d+$/.test(h))
		);
	const fresh = links.filter((h) => h !== courseHref);
	const startable = async () => {
		for (const href of fresh) {
			await page.goto(href);
			const button = page.getByTestId('course-resume');
			if ((await button.count()) && (await button.textContent())?.trim() === '开始学习')
				return href;
		}
		return null;
	};
	let href: string | null = null;
	await expect
		.poll(async () => (href = await startable()), { timeout: 300_000, intervals: [3000] })
		.not.toBeNull();
	await page.goto(href!);
	await expect(page.getByTestId('course-progress')).toContainText('已观看 0%');
	await expect(page.getByRole('progressbar', { name: /学习进度/ })).toHaveAttribute('value', '0');
});

async function setLanguage(page: Page, label: 'English' | '中文') {
	await page.getByRole('button', { name: new RegExp(`: ${label}$`) }).click();
	await expect(page.locator('html')).toHaveAttribute('lang', label === 'English' ? 'en' : 'zh-CN');
}

test('signing in to an account saved as English gives <html lang="en"> and English titles at once', async ({
	browser
}) => {
	const first = await browser.newContext();
	const a = await first.newPage();
	await login(a, 'lecturer');
	await setLanguage(a, 'English'); // saved on the account
	await first.close();

	// A fresh browser (Chinese cookie): the account's language applies on sign-in.
	const second = await browser.newContext({ locale: 'zh-CN' });
	const b = await second.newPage();
	try {
		await login(b, 'lecturer');
		await expect(b.locator('html')).toHaveAttribute('lang', 'en');
		await expect(b).toHaveTitle('Home · Xuefan');
		await b.goto('/learn');
		await expect(b).not.toHaveTitle(/学帆|Home/);
		await setLanguage(b, '中文');
		await expect(b).toHaveTitle(/ · 学帆$/);
	} finally {
		await second.close();
	}
});

for (const language of ['中文', 'English'] as const) {
	test(`the header at 390 px in ${language}: every control on one line, no sideways scroll`, async ({
		browser
	}) => {
		const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
		const page = await context.newPage();
		try {
			await login(page, 'learner');
			if (language === 'English') await setLanguage(page, 'English');
			const controls = page.locator('header .bar').locator('a, button, .who');
			const report = await controls.evaluateAll((els) =>
				els
					.filter((el) => (el as HTMLElement).offsetParent !== null)
					.map((el) => {
						// Lines of text: the distinct tops of its text boxes (an icon beside it is no line).
						const tops: number[] = [];
						const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
						for (let n = walker.nextNode(); n; n = walker.nextNode()) {
							if (!n.textContent!.trim()) continue;
							const range = document.createRange();
							range.selectNodeContents(n);
							for (const r of range.getClientRects()) if (r.width > 0) tops.push(r.top);
						}
						tops.sort((a, b) => a - b);
						const lines = tops.filter((t, i) => i === 0 || t - tops[i - 1] > 4).length;
						const r = el.getBoundingClientRect();
						return { text: el.textContent!.trim(), lines, right: r.right, height: r.height };
					})
			);
			expect(report.length).toBeGreaterThanOrEqual(4);
			for (const c of report) {
				expect(c.lines, `${c.text} on one line`).toBeLessThanOrEqual(1);
				expect(c.right, `${c.text} inside the screen`).toBeLessThanOrEqual(390);
				expect(c.height, `${c.text} height`).toBeLessThanOrEqual(48);
			}
			const bar = await page.locator('header .bar').boundingBox();
			expect(bar!.height).toBeLessThanOrEqual(64);
			expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
				390
			);
			if (language === 'English') await setLanguage(page, '中文');
		} finally {
			await context.close();
		}
	});
}

test('admin: a sub-unit’s kind defaults to the one below its parent, also after a create', async ({
	page
}) => {
	await login(page, 'admin');
	await page.goto('/admin/units?q=' + encodeURIComponent('五工台镇'));
	await page.getByRole('link', { name: '五工台镇', exact: true }).first().click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('五工台镇');
	await expect(page.locator('#create-kind')).toHaveValue('village');
	const name = `默认类型村${Date.now() % 100000}`;
	await page.locator('#create-name').fill(name);
	await page.getByRole('button', { name: '创建', exact: true }).click();
	await expect(page.getByText(`已创建“${name}”`)).toBeVisible();
	await expect(page.locator('#create-kind')).toHaveValue('village');
	await expect(page.locator('#create-name')).toHaveValue('');

	// The new village: its own children default to 其他.
	await page.getByRole('link', { name, exact: true }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(name);
	await expect(page.locator('#create-kind')).toHaveValue('other');
});

test('admin: the org tree expands in place, several levels on one page', async ({ page }) => {
	await login(page, 'admin');
	await page.goto('/admin/units');
	await page.getByRole('button', { name: '展开 昌吉州', exact: true }).click();
	await page.getByRole('button', { name: '展开 呼图壁县', exact: true }).click();
	await page.getByRole('button', { name: '展开 五工台镇', exact: true }).click();
	await expect(page.getByRole('link', { name: '五工台村', exact: true })).toBeVisible();
	await expect(page).toHaveURL(/\/admin\/units$/);
	await expect(page.locator('tr[data-depth="3"]').first()).toBeVisible();
	await page.getByRole('button', { name: '收起 呼图壁县', exact: true }).click();
	await expect(page.getByRole('link', { name: '五工台村', exact: true })).toHaveCount(0);
	// The children endpoint is the administrator's only.
	const res = await page.request.get('/admin/units/999999/children');
	expect(res.status()).toBe(404);
});

test('admin: a person’s page shows their study record', async ({ page, browser }) => {
	await login(page, 'admin');
	await page.goto('/admin/people?q=learner');
	await page.getByRole('link', { name: '刘晓燕' }).first().click();
	const record = page.getByTestId('study-record');
	await expect(record).toContainText('学习档案');
	await expect(page.getByTestId('record-hours')).toContainText(/年已获 [\d.]+ \/ 50 学时/);
	await expect(page.getByTestId('record-courses').getByRole('listitem').first()).toContainText(
		'已观看'
	);
	// Not for a learner.
	const other = await browser.newContext();
	const learner = await other.newPage();
	await login(learner, 'learner');
	const res = await learner.request.get(page.url());
	expect([403, 404]).toContain(res.status());
	const tree = await learner.request.get('/admin/units/1/children');
	expect([403, 404]).toContain(tree.status());
	await other.close();
});
