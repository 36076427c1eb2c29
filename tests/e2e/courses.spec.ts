import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { login } from './helpers';

test('lecturer creates a draft course with a lesson; publishing is refused without ready media; learners do not see it', async ({
	page,
	browser
}) => {
	test.setTimeout(120_000); // three axe scans on a busy 2-core machine
	const title = `端到端课程 ${Date.now().toString(36)}`;
	await login(page, 'lecturer');

	// Create the course from the lecturer area.
	await page.goto('/teach');
	await page.getByRole('link', { name: '新建课程' }).click();
	await page.getByLabel('标题').fill(title);
	await page.getByLabel('类别').selectOption('rural');
	await page.getByLabel('简介').fill('端到端测试创建的课程');
	await page.getByRole('button', { name: '创建课程' }).click();
	await expect(page).toHaveURL(/\/teach\/\d+$/);
	await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
	const courseId = Number(new URL(page.url()).pathname.split('/').pop());

	// Bad input is refused with a reason and changes nothing.
	await page.locator('#course-title').fill('   ');
	await page
		.locator('#course-title')
		.evaluate((el: HTMLInputElement) => el.removeAttribute('required'));
	await page.getByRole('button', { name: '保存' }).first().click();
	await expect(page.getByText('请填写标题。')).toBeVisible();

	// One lesson, title only.
	await page.getByLabel('新课时标题').fill('第一讲 乡村振兴总论');
	await page.getByRole('button', { name: '添加课时' }).click();
	await expect(page.getByText('已添加课时。')).toBeVisible();
	await expect(page.getByRole('link', { name: '编辑课时 第一讲 乡村振兴总论' })).toBeVisible();
	await expect(page.getByText('未上传视频')).toBeVisible();

	// Publishing needs a lesson whose video is ready: refused, with the reason.
	await page.getByRole('button', { name: '发布', exact: true }).click();
	await expect(page.getByText('发布后所有学员都能看到这门课程。确定发布？')).toBeVisible();
	await page.getByRole('button', { name: '确定', exact: true }).click();
	await expect(page.getByText('无法发布：至少需要一个视频已转码完成的课时。')).toBeVisible();
	await expect(page.getByText('当前状态：草稿')).toBeVisible();

	const editorScan = await new AxeBuilder({ page }).analyze();
	expect(editorScan.violations.map((v) => v.id)).toEqual([]);

	// The course is listed in /teach as a draft with one lesson.
	await page.goto('/teach');
	const row = page.getByRole('row', { name: new RegExp(title) });
	await expect(row).toContainText('草稿');
	await expect(row).toContainText('1 个（0 个视频就绪）');
	await row.getByRole('link').click();
	await page.getByRole('link', { name: '编辑课时 第一讲 乡村振兴总论' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toContainText('第一讲 乡村振兴总论');
	const lessonScan = await new AxeBuilder({ page }).analyze();
	expect(lessonScan.violations.map((v) => v.id)).toEqual([]);

	// A learner sees neither the draft in the catalogue nor its page.
	const learnerContext = await browser.newContext();
	const learner = await learnerContext.newPage();
	await login(learner, 'learner');
	await learner.goto('/courses');
	await expect(learner.getByRole('heading', { level: 1, name: '课程' })).toBeVisible();
	await expect(learner.getByText(title)).toHaveCount(0);
	const catalogueScan = await new AxeBuilder({ page: learner }).analyze();
	expect(catalogueScan.violations.map((v) => v.id)).toEqual([]);
	await learner.goto(`/courses?q=${encodeURIComponent(title)}`);
	await expect(learner.getByText('没有找到课程。')).toBeVisible();
	const res = await learner.goto(`/courses/${courseId}`);
	expect(res?.status()).toBe(404);
	const edit = await learner.goto(`/teach/${courseId}`);
	expect(edit?.status()).toBe(403);
	await learnerContext.close();
});
