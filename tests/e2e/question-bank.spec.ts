// The question bank end to end, at phone width: a lecturer downloads the
// template, imports a file with one bad row (the error names row and column,
// nothing is imported), imports the fixed file, edits a question, finds it by
// tag; a learner cannot open the bank.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { login } from './helpers';

const fixture = (name: string) => path.join(import.meta.dirname, '../fixtures', name);
const COURSE = '依法行政专题';

test.use({ viewport: { width: 390, height: 844 } });

async function noSideways(page: Page) {
	const overflow = await page.evaluate(
		() => document.documentElement.scrollWidth - document.documentElement.clientWidth
	);
	expect(overflow).toBeLessThanOrEqual(1);
}

async function importFile(page: Page, name: string) {
	await page.getByLabel('题库文件（.xlsx）').setInputFiles(fixture(name));
	await page.getByRole('button', { name: '导入', exact: true }).click();
}

test('lecturer imports (all or nothing), edits and searches the question bank', async ({
	page,
	browser
}) => {
	await login(page, 'lecturer');
	await page.goto('/teach');
	await page.getByRole('link', { name: COURSE }).first().click();
	await page.getByRole('link', { name: '题库', exact: true }).click();
	await expect(page.getByRole('heading', { level: 1, name: '题库' })).toBeVisible();
	const bankUrl = page.url();
	await noSideways(page);

	// The template: the Chinese name, the platform columns, examples that import cleanly.
	const [download] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('link', { name: '下载模板' }).click()
	]);
	expect(download.suggestedFilename()).toBe('题库模板.xlsx');
	const wb = new ExcelJS.Workbook();
	await wb.xlsx.load(readFileSync(await download.path()) as unknown as ArrayBuffer);
	expect(wb.worksheets[0].getRow(1).values).toEqual([
		undefined,
		'题型',
		'题干',
		'选项A',
		'选项B',
		'选项C',
		'选项D',
		'选项E',
		'选项F',
		'选项G',
		'选项H',
		'答案',
		'解析',
		'难度',
		'标签'
	]);

	// One bad row: the whole file is refused, the error names row 3, column 答案.
	await page.getByRole('link', { name: '导入', exact: true }).click();
	await importFile(page, 'bank-bad.xlsx');
	await expect(page.getByRole('alert')).toContainText('发现 1 处问题，没有导入任何试题');
	const problem = page.getByRole('table').getByRole('row').nth(1);
	await expect(problem.getByRole('cell')).toHaveText(['3', '答案', '答案“E”不在已填写的选项中。']);
	const importScan = await new AxeBuilder({ page }).analyze();
	expect(importScan.violations.map((v) => v.id)).toEqual([]);
	await noSideways(page);

	await page.goto(`${bankUrl}?q=${encodeURIComponent('纪律处分条例')}`);
	await expect(page.getByText('没有符合条件的试题。')).toBeVisible();

	// The fixed file goes in whole.
	await page.goto(`${bankUrl}/import`);
	await importFile(page, 'bank-good.xlsx');
	await expect(page.getByRole('status')).toContainText('已导入 6 道试题。');
	await page.getByRole('link', { name: '查看题库' }).click();
	const card = (text: string) => page.getByRole('article').filter({ hasText: text });
	for (const stem of [
		'纪律处分有几种',
		'留党察看处分',
		'党的纪律的有',
		'三会一课',
		'预备期为一年',
		'不参加党的组织生活'
	]) {
		await expect(card(stem)).toHaveCount(1);
	}
	await expect(card('留党察看处分').locator('li.correct')).toHaveText(/两年/);
	const listScan = await new AxeBuilder({ page }).analyze();
	expect(listScan.violations.map((v) => v.id)).toEqual([]);
	await noSideways(page);

	// Edit one: new stem, answer B, an extra tag.
	await card('留党察看处分').getByRole('link', { name: /^编辑/ }).click();
	await expect(page.getByRole('heading', { name: '编辑试题' })).toBeVisible();
	await page.getByLabel('题干').fill('党员受到留党察看处分，期限一般为几年？（修订）');
	await page.getByLabel('选项B是正确答案').check();
	await page.getByLabel('标签（选填）').fill('纪律处分，修订');
	await noSideways(page);
	const editScan = await new AxeBuilder({ page }).analyze();
	expect(editScan.violations.map((v) => v.id)).toEqual([]);
	await page.getByRole('button', { name: '保存' }).click();
	await expect(page.getByRole('status')).toHaveText('已保存。');
	// a broken edit is refused with the field's message and nothing changes
	await page.getByLabel('选项D', { exact: true }).fill('');
	await page.getByLabel('选项C', { exact: true }).fill('');
	await page.getByLabel('选项B', { exact: true }).fill('');
	await page.getByRole('button', { name: '保存' }).click();
	await expect(page.getByRole('alert')).toHaveText('请修改标出的问题后再保存。');
	await expect(page.getByText('至少需要 2 个选项。')).toBeVisible();

	// Found by its new tag, with the new answer.
	await page.getByRole('link', { name: '返回题库' }).click();
	await page.getByRole('link', { name: '#修订' }).first().click();
	await expect(page.getByRole('article')).toHaveCount(1);
	await expect(page.getByRole('article')).toContainText('（修订）');
	await expect(page.getByRole('article').locator('li.correct')).toHaveText(/一年/);

	// Bulk tagging: tick two questions, add one tag, find exactly those two by it.
	await page.goto(bankUrl);
	await page.getByText('批量设置标签').click();
	await card('三会一课').getByRole('checkbox').check();
	await card('预备期为一年').getByRole('checkbox').check();
	await expect(page.getByText('已选 2 道')).toBeVisible();
	await page.getByPlaceholder('标签').fill('重点复习');
	await page.getByRole('button', { name: '添加到所选' }).click();
	await expect(page.getByRole('status')).toHaveText('已给 2 道试题添加标签“重点复习”。');
	await page.getByRole('link', { name: '#重点复习' }).first().click();
	await expect(page.getByRole('article')).toHaveCount(2);
	await noSideways(page);

	// A new true/false question written in the form.
	await page.goto(bankUrl);
	await page.getByRole('link', { name: '新建试题' }).click();
	await page.getByLabel('判断题').check();
	await page.getByLabel('题干').fill('行政机关可以随意变更已生效的行政许可。');
	await page.getByLabel('错误').check();
	await page.getByLabel('标签（选填）').fill('手写');
	await page.getByRole('button', { name: '添加到题库' }).click();
	await expect(page.getByRole('status')).toHaveText('已添加到题库。');
	await expect(card('随意变更已生效')).toContainText('答案：错误');
	await expect(card('随意变更已生效')).toContainText('#手写');

	// The export is the same template, with the edit in it.
	await page.goto(bankUrl);
	const [exported] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('link', { name: '导出' }).click()
	]);
	expect(exported.suggestedFilename()).toBe(`${COURSE}-题库.xlsx`);
	const out = new ExcelJS.Workbook();
	await out.xlsx.load(readFileSync(await exported.path()) as unknown as ArrayBuffer);
	const rows = out.worksheets[0].getSheetValues().slice(2) as unknown[][];
	const edited = rows.find((r) => String(r[2]).includes('（修订）'));
	expect(edited?.[11]).toBe('B');

	// The bank is lecturer-only.
	const learner = await browser.newContext();
	const lp = await learner.newPage();
	await login(lp, 'learner');
	const res = await lp.goto(bankUrl);
	expect(res?.status()).toBeGreaterThanOrEqual(400);
	await expect(lp.getByText('纪律处分')).toHaveCount(0);
	const tpl = await lp.request.get(`${bankUrl}/export`);
	expect(tpl.status()).toBeGreaterThanOrEqual(400);
	await learner.close();
});
