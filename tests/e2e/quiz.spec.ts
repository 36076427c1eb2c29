// Quizzes end to end: a lecturer imports a bank from xlsx (a bad row refuses
// the file; the fixed file goes in), builds a random-draw quiz over it and
// publishes; a learner takes it — answers survive a reload and going offline —
// submits and sees the result with the key (policy: after submit); a second
// learner fails, retries within the limit, passes, and has no attempts left.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import postgres from 'postgres';
import { STATE_FILE } from './global-setup';
import { login } from './helpers';

test.describe.configure({ mode: 'serial' });
const fixture = (name: string) => path.join(import.meta.dirname, '../fixtures', name);
const COURSE = '乡村振兴政策解读';
const QUIZ = `端到端测验 ${Date.now()}`;
let courseId = '';

function database() {
	const state = JSON.parse(readFileSync(STATE_FILE, 'utf8')) as { database: string };
	const url = new URL(process.env.DATABASE_URL!);
	url.pathname = `/${state.database}`;
	return postgres(url.toString(), { max: 1, onnotice: () => {} });
}

/** The fixture's questions drawn by the quiz (by tag) and their right options. */
const KEY: { stem: string; right: string[] }[] = [
	{ stem: '纪律处分有几种', right: ['五种'] },
	{ stem: '留党察看处分', right: ['两年'] },
	{
		stem: '下列属于党的纪律的有',
		right: ['政治纪律', '组织纪律', '廉洁纪律', '群众纪律', '工作纪律', '生活纪律']
	},
	{ stem: '预备期为一年', right: ['正确'] }
];
const question = (page: Page, stem: string) =>
	page.locator('ol.questions > li').filter({ hasText: stem });
const option = (page: Page, stem: string, text: string) =>
	question(page, stem).locator('label.opt', { hasText: text }).locator('input');
const saved = (page: Page) =>
	expect(page.locator('.sync')).toHaveText('已保存', { timeout: 20_000 });

async function accessible(page: Page) {
	const scan = await new AxeBuilder({ page }).analyze();
	expect(scan.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`)).toEqual(
		[]
	);
}

async function answer(page: Page, k: { stem: string; right: string[] }) {
	for (const text of k.right) await option(page, k.stem, text).check();
}

test('lecturer imports a bank and publishes a random-draw quiz', async ({ page }) => {
	await login(page, 'lecturer');
	await page.goto('/teach');
	await page.getByRole('link', { name: COURSE }).first().click();
	await expect(page).toHaveURL(/\/teach\/\d+$/);
	courseId = /\/teach\/(\d+)/.exec(page.url())![1];

	// The bank: one bad row refuses the file, the fixed file goes in whole.
	await page.goto(`/teach/${courseId}/questions/import`);
	await page.getByLabel('题库文件（.xlsx）').setInputFiles(fixture('bank-bad.xlsx'));
	await page.getByRole('button', { name: '导入', exact: true }).click();
	await expect(page.getByRole('alert')).toContainText('没有导入任何试题');
	await page.getByLabel('题库文件（.xlsx）').setInputFiles(fixture('bank-good.xlsx'));
	await page.getByRole('button', { name: '导入', exact: true }).click();
	await expect(page.getByRole('status')).toContainText('已导入 6 道试题。');

	// The quiz: from the course page's link, random draw by the fixture's tags.
	await page.goto(`/teach/${courseId}`);
	await page.getByRole('link', { name: '测验', exact: true }).click();
	await page.getByRole('link', { name: '新建测验' }).click();
	await page.getByLabel('测验名称').fill(QUIZ);
	await page.getByLabel('规则 1 标签（可选）').fill('纪律处分');
	await page.getByLabel('规则 1 题数').fill('2');
	await page.getByLabel('规则 1 每题分值').fill('25');
	await page.getByLabel('规则 2 标签（可选）').fill('党规');
	await page.getByLabel('规则 2 题数').fill('1');
	await page.getByLabel('规则 2 每题分值').fill('25');
	await page.getByLabel('规则 3 标签（可选）').fill('党章');
	await page.getByLabel('规则 3 题数').fill('1');
	await page.getByLabel('规则 3 每题分值').fill('25');
	await page.getByLabel('答题时长（分钟）').fill('15');
	await page.getByLabel('答题次数上限').fill('2');
	await page.getByLabel('必考：通过后才算完成课程').uncheck();
	await accessible(page);
	// Asking for more than the bank has is refused with the numbers, and nothing is created.
	await page.getByLabel('规则 3 题数').fill('5');
	await page.getByRole('button', { name: '创建测验' }).click();
	await expect(page).toHaveURL(/\/quizzes\/\d+\?created=1$/);
	await expect(page.getByText('测验已创建（草稿）')).toBeVisible();
	await page.getByRole('button', { name: '发布' }).click();
	await expect(page.getByRole('alert')).toContainText(
		'判断题只有 1 道（标签：党章），抽题需要 5 道'
	);
	await page.getByLabel('规则 3 题数').fill('1');
	await page.getByRole('button', { name: '保存设置' }).click();
	await expect(page.getByText('已保存。')).toBeVisible();
	await page.getByRole('button', { name: '发布' }).click();
	await expect(page.getByRole('heading', { name: '状态：已发布' })).toBeVisible();
});

test('learner takes the quiz: answers survive a reload and going offline; the result shows the key', async ({
	browser
}) => {
	// A phone: most learners answer on one.
	const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
	const page = await context.newPage();
	await login(page, 'learner');
	await page.goto(`/courses/${courseId}`);
	await page.getByRole('link', { name: QUIZ }).click();
	await expect(page.getByText('共 4 题，满分 100 分')).toBeVisible();
	await expect(page.getByText('最多 2 次，已用 0 次，剩余 2 次')).toBeVisible();
	await accessible(page);
	await page.getByRole('button', { name: '开始答题' }).click();
	await expect(page).toHaveURL(/\/attempt\/\d+$/);
	await expect(page.locator('ol.questions > li')).toHaveCount(4);
	await expect(page.getByRole('timer')).toContainText(/剩余 1[45]:\d\d/);
	// The page carries no key: no explanation text anywhere in it.
	expect(await page.content()).not.toContain('留党察看最长不超过两年');

	await answer(page, KEY[0]);
	await answer(page, KEY[1]);
	await saved(page);
	await accessible(page);
	expect(
		await page.evaluate(
			() => document.documentElement.scrollWidth - document.documentElement.clientWidth
		)
	).toBeLessThanOrEqual(1);
	await page.reload();
	await expect(option(page, KEY[0].stem, '五种')).toBeChecked();
	await expect(option(page, KEY[1].stem, '两年')).toBeChecked();

	// Offline: kept on the device, saved when the network is back.
	await context.setOffline(true);
	await answer(page, KEY[2]);
	await expect(page.locator('.sync')).toContainText('离线', { timeout: 20_000 });
	await context.setOffline(false);
	await saved(page);
	await page.reload();
	for (const text of KEY[2].right) await expect(option(page, KEY[2].stem, text)).toBeChecked();
	await answer(page, KEY[3]);

	await page.getByRole('button', { name: '交卷', exact: true }).click();
	await page.getByRole('button', { name: '确定交卷' }).click();
	await expect(page).toHaveURL(/\/result\/\d+$/);
	await expect(page.getByTestId('verdict')).toHaveText('已通过');
	await expect(page.getByText('100 / 100 分')).toBeVisible();
	await expect(page.getByRole('heading', { name: '答案与解析' })).toBeVisible();
	await expect(page.getByText('留党察看最长不超过两年。')).toBeVisible();
	// How the multiple-choice question was scored (the quiz is all-or-nothing), and numbered questions.
	await expect(page.getByTestId('scoring-rule')).toHaveText(/全部选对才得分/);
	const multiple = page.getByTestId('review-question').filter({ hasText: KEY[2].stem });
	await expect(multiple.getByTestId('question-rule')).toHaveText('全对才得分：正确选项共 6 项。');
	const numbers = await page
		.getByTestId('review-question')
		.evaluateAll((items) => items.map((li) => li.querySelector('.stem > span')?.textContent));
	expect(numbers).toEqual(['1.', '2.', '3.', '4.']);
	await accessible(page);
	await context.close();
});

test('a second learner fails, retries within the limit and passes; then no attempts are left', async ({
	browser
}) => {
	test.skip(!process.env.DATABASE_URL, 'needs this run’s database');
	const sql = database();
	try {
		const [learner] =
			await sql`select password_hash, unit_id from users where employee_no = 'learner'`;
		await sql`
			insert into users (employee_no, name, unit_id, rank_level, roles, must_change_password, password_hash)
			values ('quiz_learner2', '李春花', ${learner.unit_id}, 'general', '{learner}', false, ${learner.password_hash})
			on conflict (employee_no) do nothing`;
	} finally {
		await sql.end();
	}
	const context = await browser.newContext();
	const page = await context.newPage();
	await login(page, 'quiz_learner2');
	await page.goto(`/courses/${courseId}`);
	await page.getByRole('link', { name: QUIZ }).click();
	await page.getByRole('button', { name: '开始答题' }).click();
	await expect(page).toHaveURL(/\/attempt\/\d+$/);
	// Wrong on purpose: the first option that is not right, on every question.
	await option(page, KEY[0].stem, '三种').check();
	await option(page, KEY[1].stem, '半年').check();
	await page.getByRole('button', { name: '交卷', exact: true }).click();
	await expect(page.getByText('还有 2 道题未作答。确定交卷吗？')).toBeVisible();
	await page.getByRole('button', { name: '确定交卷' }).click();
	await expect(page.getByTestId('verdict')).toHaveText('未及格');
	await expect(page.getByText('0 / 100 分')).toBeVisible();

	await page.getByRole('link', { name: '再考一次（剩余 1 次）' }).click();
	await page.getByRole('button', { name: '开始答题' }).click();
	await expect(page).toHaveURL(/\/attempt\/\d+$/);
	for (const k of KEY) await answer(page, k);
	await saved(page);
	await page.getByRole('button', { name: '交卷', exact: true }).click();
	await page.getByRole('button', { name: '确定交卷' }).click();
	await expect(page.getByTestId('verdict')).toHaveText('已通过');

	await page.goto(`/courses/${courseId}`);
	await page.getByRole('link', { name: QUIZ }).click();
	await expect(page.getByText('已用完全部 2 次答题机会。')).toBeVisible();
	await expect(page.getByRole('button', { name: '开始答题' })).toHaveCount(0);
	await expect(page.getByText('你已通过本测验。')).toBeVisible();
	await context.close();
});

test('the lecturer sees the results and exports them', async ({ page }) => {
	await login(page, 'lecturer');
	await page.goto(`/teach/${courseId}/quizzes`);
	await page
		.getByRole('row')
		.filter({ hasText: QUIZ })
		.getByRole('link', { name: '成绩分析' })
		.click();
	await expect(page.getByText('共 3 次交卷，2 人参加，2 人通过，通过率 100%')).toBeVisible();
	const row = page.getByRole('row').filter({ hasText: '纪律处分有几种' });
	await expect(row).toContainText('三种（1）');
	const [download] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('link', { name: '导出成绩（xlsx）' }).click()
	]);
	expect(download.suggestedFilename()).toBe(`${QUIZ}-成绩.xlsx`);
});
