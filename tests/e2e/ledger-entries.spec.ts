// An administrator adds a manual entry with a scanned certificate (a PDF) to
// a person's archive, is refused an absurd amount, voids the entry (it stays,
// struck through, with the reason), and imports a file of past records (the
// same file twice counts once). A learner cannot open either page.
import { expect, test } from '@playwright/test';
import ExcelJS from 'exceljs';
import { login } from './helpers';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

async function pastRecords(): Promise<Buffer> {
	const wb = new ExcelJS.Workbook();
	const ws = wb.addWorksheet('往年学时');
	ws.addRow([
		'工号',
		'日期',
		'类别',
		'学时',
		'说明',
		'名称',
		'承办或挂职单位',
		'地点',
		'开始日期',
		'结束日期'
	]);
	ws.addRow([
		'learner',
		'',
		'异地培训',
		40,
		'',
		'端到端异地培训班',
		'浙江大学',
		'杭州',
		'2024-04-08',
		'2024-04-14'
	]);
	return Buffer.from(await wb.xlsx.writeBuffer());
}

test('admin adds a manual entry with a PDF, voids it, and imports past records', async ({
	page
}) => {
	await login(page, 'admin');
	await page.goto('/admin/people?q=learner');
	await page.getByRole('link', { name: '刘晓燕' }).click();
	await page.getByRole('link', { name: /学时记录（/ }).click();
	await expect(page).toHaveTitle(/刘晓燕 的学时记录/);
	const entriesUrl = page.url();

	const manual = page.locator('form[action="?/manual"]');
	// past the browser's own check (an old browser), the server refuses an absurd amount
	await manual.evaluate((f: HTMLFormElement) => (f.noValidate = true));
	await manual.getByLabel('学时').fill('300');
	await manual.getByLabel('事由').fill('端到端补录证书');
	await manual.getByRole('button', { name: '保存手工录入' }).click();
	await expect(manual.getByRole('alert')).toContainText('未保存');
	await expect(manual.locator('.error').filter({ hasText: '不能超过 200' })).toBeVisible();
	await expect(page.locator('tr[data-entry]', { hasText: '端到端补录证书' })).toHaveCount(0);

	await manual.getByLabel('学时').fill('6.5');
	await manual.getByLabel('事由').fill('端到端补录证书');
	await manual
		.getByLabel(/附件/)
		.setInputFiles({ name: '结业证书.pdf', mimeType: 'application/pdf', buffer: PDF });
	await manual.getByRole('button', { name: '保存手工录入' }).click();
	await expect(manual.getByRole('status')).toContainText('已录入 6.5 学时');
	const row = page.locator('tr[data-entry]', { hasText: '端到端补录证书' });
	await expect(row).toContainText('手工录入');
	const link = row.getByRole('link', { name: '查看附件' });
	const res = await page.request.get((await link.getAttribute('href'))!);
	expect(res.headers()['content-type']).toBe('application/pdf');
	expect(
		Buffer.from(await res.body())
			.subarray(0, 5)
			.toString()
	).toBe('%PDF-');

	await row.getByPlaceholder('作废原因').fill('证书重复');
	await row.getByRole('button', { name: '作废' }).click();
	await expect(page.getByRole('status').filter({ hasText: '已作废' })).toBeVisible();
	await expect(row).toHaveClass(/voided/);
	await expect(row).toContainText('原因：证书重复');
	await expect(row.locator('del')).toHaveText('6.5');
	await expect(row.getByRole('button', { name: '作废' })).toHaveCount(0);

	// the person's own page shows it too, struck through, without the void form
	await page.goto(entriesUrl.replace(/\/entries$/, ''));
	const onPerson = page.locator('tr[data-entry]', { hasText: '端到端补录证书' });
	await expect(onPerson).toHaveClass(/voided/);
	await expect(onPerson).toContainText('原因：证书重复');
	await expect(onPerson.getByRole('button')).toHaveCount(0);

	await page.goto('/admin/archive-import');
	const file = await pastRecords();
	for (const expected of ['新增 1 条', '跳过 1 条']) {
		await page.locator('#file').setInputFiles({
			name: '往年学时.xlsx',
			mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
			buffer: file
		});
		await page.getByRole('button', { name: '导入', exact: true }).click();
		await expect(page.getByRole('status')).toContainText(expected);
	}
	await page.goto(entriesUrl);
	await expect(page.locator('tr[data-entry]', { hasText: '端到端异地培训班' })).toHaveCount(1);
});

test('a learner cannot open the ledger pages', async ({ page }) => {
	await login(page, 'learner');
	expect((await page.goto('/admin/archive-import'))?.status()).toBe(403);
	expect((await page.goto('/admin/people/1/entries'))?.status()).toBe(403);
});
