// Study programmes end to end: an administrator creates a programme for
// 呼图壁县 with one required demo course and publishes it; the demo learner
// (五工台村, inside the county) finds it in 我的学习任务, watches the course's
// lectures through and the task shows the progress and then completion.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { login } from './helpers';

// The second demo course: transcoded before the third, and no required quiz (the first has one).
const COURSE = '乡村振兴政策解读';
const video = (page: Page) => page.locator('video');
const axe = async (page: Page) =>
	expect(
		(await new AxeBuilder({ page }).analyze()).violations.map(
			(v) => `${v.id}: ${v.nodes[0]?.target}`
		)
	).toEqual([]);
const play = (page: Page) =>
	video(page).evaluate(async (v: HTMLVideoElement) => {
		v.muted = true;
		v.currentTime = 0;
		await v.play().catch(() => {});
	});

test('admin publishes a programme to a county; a learner there sees it and completes its course', async ({
	page,
	browser
}) => {
	test.setTimeout(900_000);
	const title = `端到端专题 ${Date.now()}`;

	await login(page, 'admin');
	await page.goto('/programmes/new');
	await axe(page);
	await page.getByLabel('专题名称').fill(title);
	await page.getByLabel(`${COURSE} 的类型`).selectOption('required');
	// A bad unit path is refused with a specific message, and nothing is created.
	await page.getByLabel('单位（含下级单位），每行一个单位路径').fill('昌吉州/不存在县');
	await page.getByRole('button', { name: '保存' }).click();
	await expect(page.getByText('单位不存在：昌吉州/不存在县')).toBeVisible();
	await axe(page); // with the errors shown
	await expect(page).toHaveURL(/\/programmes\/new$/);
	await page.getByLabel('单位（含下级单位），每行一个单位路径').fill('昌吉州/呼图壁县');
	await page.getByRole('button', { name: '保存' }).click();
	await expect(page).toHaveURL(/\/programmes\/\d+$/);
	await expect(page.getByTestId('programme-status')).toHaveText('草稿');
	await page.getByRole('button', { name: '发布', exact: true }).click();
	await expect(page.getByText(/已发布，分配给 \d+ 人。/)).toBeVisible();
	await expect(page.getByTestId('programme-status')).toHaveText('已发布');
	await axe(page);

	// The learner's task list.
	const context = await browser.newContext();
	const learner = await context.newPage();
	await login(learner, 'learner');
	await learner.goto('/tasks');
	const task = learner
		.getByTestId('task')
		.filter({ has: learner.getByRole('heading', { name: title }) });
	await expect(task.getByTestId('task-status')).toHaveText('未开始');
	await expect(task.getByText('必修课：已完成 0/1')).toBeVisible();
	await expect(task.getByText(/还剩 \d+ 天/)).toBeVisible();
	await expect(task.getByTestId('task-left')).toHaveText('还差：1 门必修课');
	await axe(learner);

	// Through the task's link to the course, then every lecture watched through.
	await task.getByRole('link', { name: COURSE }).click();
	await expect(learner).toHaveURL(/\/courses\/\d+$/);
	// The demo lectures transcode in the background after the seed (slowly on a busy machine): wait for both.
	// the lesson list's links (the course page also has a 开始学习 / 继续学习 link)
	const links = learner.locator('ol.lessons a[href*="/lessons/"]');
	await expect(async () => {
		await learner.reload();
		await expect(links).toHaveCount(2, { timeout: 1_000 });
	}).toPass({ timeout: 720_000, intervals: [5_000] });
	const lessons = await links.evaluateAll((as) =>
		as.map((a) => (a as HTMLAnchorElement).getAttribute('href')!)
	);
	for (const [i, href] of lessons.entries()) {
		await learner.goto(href);
		await expect(learner.locator('#player-quality')).toBeEnabled({ timeout: 20_000 });
		await play(learner);
		await expect
			.poll(() => video(learner).evaluate((v: HTMLVideoElement) => v.ended), { timeout: 90_000 })
			.toBe(true);
		await expect(learner.locator('.sync')).toHaveText('已保存', { timeout: 20_000 });
		await expect(learner.getByText('本课已完成')).toBeVisible();
		if (i === 0) {
			// Halfway: the task is in progress.
			await learner.goto('/tasks');
			await expect(task.getByTestId('task-status')).toHaveText('学习中');
		}
	}

	await learner.goto('/tasks');
	await expect(task.getByTestId('task-status')).toHaveText('已完成');
	await expect(task.getByText('必修课：已完成 1/1')).toBeVisible();
	await expect(task.getByTestId('task-left')).toHaveCount(0);
	await context.close();

	// The administrator's view counts the completion.
	await page.reload();
	await expect(
		page.locator('.counts div').filter({ hasText: '已完成' }).locator('dd')
	).not.toHaveText('0');
});
