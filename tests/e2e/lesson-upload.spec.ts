// The lecturer's lesson page: the upload card's bar fills during the tus
// upload and stays full after it; once transcoded, the lecturer previews the
// video (the signed HLS learners will get) while the course is still a draft.
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { login } from './helpers';

let dir: string;
let clip: string;

test.beforeAll(() => {
	dir = mkdtempSync(path.join(tmpdir(), 'xuefan-e2e-upload-'));
	clip = path.join(dir, 'lesson.mp4');
	execFileSync('ffmpeg', [
		...['-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=25:duration=6'],
		...['-f', 'lavfi', '-i', 'sine=frequency=440:duration=6'],
		...['-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest', clip]
	]);
});
test.afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('the upload bar fills and stays full; the transcoded video can be previewed before publishing', async ({
	page
}) => {
	test.setTimeout(720_000); // the one job worker transcodes the demo seed's lectures first
	await login(page, 'lecturer');
	await page.goto('/teach/new');
	await page.getByLabel('标题').fill(`上传预览 ${Date.now().toString(36)}`);
	await page.getByLabel('类别').selectOption('theory');
	await page.getByRole('button', { name: '创建课程' }).click();
	await expect(page).toHaveURL(/\/teach\/\d+$/);
	await page.getByLabel('新课时标题').fill('第一讲 预览');
	await page.getByRole('button', { name: '添加课时' }).click();
	await page.getByRole('link', { name: '编辑课时 第一讲 预览' }).click();
	await expect(page).toHaveURL(/\/lessons\/\d+$/);

	await page.getByLabel('选择视频文件').setInputFiles(clip);
	await page.getByRole('button', { name: '开始上传' }).click();
	const bar = page.getByLabel('上传进度');
	await expect(page.getByTestId('upload-percent')).toHaveText('上传完成', { timeout: 60_000 });
	// the bar stays full after the upload (it used to empty at once)
	await expect(bar).toHaveAttribute('value', '100');
	await expect(page.getByText('视频已就绪，可供学员观看。')).toBeVisible({ timeout: 600_000 });

	// Still a draft: the lecturer checks the picture first.
	await page.getByRole('button', { name: '预览转码后的视频' }).click();
	const preview = page.getByLabel('预览：第一讲 预览');
	await expect(preview).toHaveAttribute('data-engine', 'hls.js', { timeout: 20_000 });
	await expect
		.poll(() => preview.evaluate((v: HTMLVideoElement) => v.currentTime), { timeout: 30_000 })
		.toBeGreaterThan(1);
	expect((await new AxeBuilder({ page }).analyze()).violations.map((v) => v.id)).toEqual([]);
});
