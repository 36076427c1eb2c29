// The lecturer's lesson page: reading material in a rich-text editor (its
// HTML sanitised by the server), captions in a language from a list; the
// upload card's bar fills during the tus upload and stays full after it; once
// transcoded, the lecturer previews the video (the signed HLS learners will
// get) while the course is still a draft.
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { login } from './helpers';
import type { Page } from '@playwright/test';

async function newLesson(page: Page, lesson: string) {
	await login(page, 'lecturer');
	await page.goto('/teach/new');
	await page.getByLabel('标题').fill(`课时编辑 ${Date.now().toString(36)}`);
	await page.getByLabel('类别').selectOption('theory');
	await page.getByRole('button', { name: '创建课程' }).click();
	await expect(page).toHaveURL(/\/teach\/\d+$/);
	await page.getByLabel('新课时标题').fill(lesson);
	await page.getByRole('button', { name: '添加课时' }).click();
	await page.getByRole('link', { name: `编辑课时 ${lesson}` }).click();
	await expect(page).toHaveURL(/\/lessons\/\d+$/);
}

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

test('reading material is written in a rich-text editor and saved sanitised; captions take a language from a list', async ({
	page
}) => {
	test.setTimeout(180_000);
	await newLesson(page, '第二讲 阅读');
	await expect(page.locator('textarea[name="html"]')).toHaveCount(0); // no raw HTML box
	const editor = page.getByRole('textbox', { name: '阅读材料' });
	await expect(editor).toBeVisible({ timeout: 20_000 });
	await editor.click();
	await page.keyboard.type('学习要点');
	await page.keyboard.press('Enter');
	await page.getByRole('button', { name: '加粗' }).click();
	await expect(page.getByRole('button', { name: '加粗' })).toHaveAttribute('aria-pressed', 'true');
	await page.keyboard.type('重点内容');
	await expect(editor.locator('strong')).toHaveText('重点内容');
	await page.getByRole('button', { name: '加粗' }).click();
	// each key after the editor has taken the toolbar's change (a loaded CI box lags)
	await expect(page.getByRole('button', { name: '加粗' })).toHaveAttribute('aria-pressed', 'false');
	await page.keyboard.press('Enter');
	await expect(editor.locator('p')).toHaveCount(3);
	await page.getByRole('button', { name: '项目列表' }).click();
	await expect(editor.locator('ul > li')).toHaveCount(1);
	await page.keyboard.type('第一条');
	// an unsafe link is refused in the page
	await page.getByLabel('链接地址').fill('javascript:alert(1)');
	await page.getByRole('button', { name: '添加链接' }).click();
	await expect(page.getByRole('alert')).toContainText('链接须以 http:// 或 https:// 开头');
	const reading = page.getByRole('region', { name: '阅读材料' });
	await reading.getByRole('button', { name: '保存' }).click();
	const shown = page.locator('.reading');
	await expect(shown.locator('strong')).toHaveText('重点内容');
	await expect(shown.locator('ul > li')).toHaveText('第一条');
	await expect(shown.locator('p').first()).toHaveText('学习要点');
	// reloaded: the editor holds the stored text
	await page.reload();
	await expect(page.getByRole('textbox', { name: '阅读材料' }).locator('strong')).toHaveText(
		'重点内容'
	);

	// Captions: the language from a list; the label defaults to the language's own name.
	await page.getByLabel('字幕语言').selectOption('ug');
	await expect(page.getByLabel('字幕名称（如 中文）')).toHaveValue('ئۇيغۇرچە');
	const vtt = path.join(dir, 'ug.vtt');
	writeFileSync(vtt, 'WEBVTT\n\n00:00.000 --> 00:02.000\nسالام\n');
	await page.getByLabel(/WebVTT 文件/).setInputFiles(vtt);
	await page.getByRole('button', { name: '上传字幕' }).click();
	await expect(page.getByRole('listitem').filter({ hasText: '维吾尔语 (ug)' })).toBeVisible();
	expect((await new AxeBuilder({ page }).analyze()).violations.map((v) => v.id)).toEqual([]);
});

test('the upload bar fills and stays full; the transcoded video can be previewed before publishing', async ({
	page
}) => {
	test.setTimeout(720_000); // the one job worker transcodes the demo seed's lectures first
	await newLesson(page, '第一讲 预览');

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
