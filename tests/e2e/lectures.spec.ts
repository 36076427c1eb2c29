// The recorded-lecture flow end to end: a lecturer uploads a real (generated)
// video and publishes; a learner plays it through hls.js; progress is honest
// (seeking to the end does not complete), resumes after a reload and survives
// going offline.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { STATE_FILE } from './global-setup';
import { login } from './helpers';

// The second test plays the lesson the first one published.
test.describe.configure({ mode: 'serial' });
let lessonUrl = '';

const CLIP_SECONDS = 12;
let dir: string;
let clip: string;

test.beforeAll(() => {
	dir = mkdtempSync(path.join(tmpdir(), 'xuefan-e2e-'));
	clip = path.join(dir, 'lecture.mp4');
	execFileSync('ffmpeg', [
		'-v',
		'error',
		'-y',
		'-f',
		'lavfi',
		'-i',
		`testsrc2=size=640x360:rate=25:duration=${CLIP_SECONDS}`,
		'-f',
		'lavfi',
		'-i',
		`sine=frequency=440:duration=${CLIP_SECONDS}`,
		'-c:v',
		'libx264',
		'-pix_fmt',
		'yuv420p',
		'-c:a',
		'aac',
		'-shortest',
		clip
	]);
});
test.afterAll(() => rmSync(dir, { recursive: true, force: true }));

const video = (page: Page) => page.locator('video');
const currentTime = (page: Page) => video(page).evaluate((v: HTMLVideoElement) => v.currentTime);
/** Muted: headless Chromium's autoplay policy refuses audible play() without a gesture. */
const play = (page: Page, from?: number) =>
	video(page).evaluate(async (v: HTMLVideoElement, at) => {
		v.muted = true;
		if (at !== undefined) v.currentTime = at;
		// A play() the player itself cuts short (presence check, supersession) rejects: that is expected.
		await v.play().catch(() => {});
	}, from);
/** The poster and the quality menu are there; nothing is attached before play. */
const playerReady = (page: Page) =>
	expect(page.locator('#player-quality')).toBeEnabled({ timeout: 20_000 });
const pause = (page: Page) => video(page).evaluate((v: HTMLVideoElement) => v.pause());
const saved = (page: Page) =>
	expect(page.locator('.sync')).toHaveText('已保存', { timeout: 20_000 });

async function progressOf(page: Page, lessonId: string) {
	const res = await page.request.get(`/api/lessons/${lessonId}/progress`);
	expect(res.status()).toBe(200);
	return (await res.json()) as {
		position: number;
		coverage: number;
		completed: boolean;
		watchedRanges: [number, number][];
	};
}
const covers = (ranges: [number, number][], second: number) =>
	ranges.some(([a, b]) => a <= second && second < b);

test('lecturer uploads and publishes; learner watches with honest, durable progress', async ({
	page,
	browser
}) => {
	test.setTimeout(720_000);
	const title = `端到端讲座 ${Date.now()}`;

	// Lecturer: course, lesson, upload, transcode, publish.
	await login(page, 'lecturer');
	await page.goto('/teach/new');
	// hydrated before typing: on a loaded machine a value typed earlier was reset
	await page.waitForLoadState('networkidle');
	await page.getByLabel('标题').fill(title);
	await page.getByLabel('类别').selectOption('theory');
	await expect(page.getByLabel('标题')).toHaveValue(title);
	await page.getByRole('button', { name: '创建课程' }).click();
	await expect(page).toHaveURL(/\/teach\/\d+$/);
	const courseId = page.url().split('/').pop()!;
	await page.getByLabel('新课时标题').fill('第一讲 测试');
	await page.getByRole('button', { name: '添加课时' }).click();
	await page.getByRole('link', { name: '编辑课时 第一讲 测试' }).click();
	await expect(page).toHaveURL(/\/lessons\/\d+$/);
	const lessonId = page.url().split('/').pop()!;
	await page.getByLabel('选择视频文件').setInputFiles(clip);
	await page.getByRole('button', { name: '开始上传' }).click();
	// The one job worker first transcodes the demo seed's lectures (~5 min of video), then ours.
	await expect(page.getByText('视频已就绪，可供学员观看。')).toBeVisible({ timeout: 540_000 });
	await page.goto(`/teach/${courseId}`);
	await page.getByRole('button', { name: '发布', exact: true }).click();
	await page.getByRole('button', { name: '确定' }).click();
	await expect(page.getByText('当前状态：已发布')).toBeVisible();

	// Learner: plays through hls.js.
	const context = await browser.newContext();
	const learner = await context.newPage();
	await login(learner, 'learner');
	lessonUrl = `/courses/${courseId}/lessons/${lessonId}`;
	await learner.goto(lessonUrl);
	// Before play: the quality menu (from the master playlist) but no media source yet.
	await expect(learner.locator('#player-quality option')).toContainText([
		'自动',
		'360p',
		'240p',
		'仅音频（省流量）'
	]);
	expect(await video(learner).getAttribute('data-engine')).toBe('');
	await play(learner, 0);
	await expect(video(learner)).toHaveAttribute('data-engine', 'hls.js', { timeout: 20_000 });
	expect(await video(learner).evaluate((v: HTMLVideoElement) => v.src)).toMatch(/^blob:/);
	await expect.poll(() => currentTime(learner), { timeout: 15_000 }).toBeGreaterThan(3);
	await pause(learner);
	await saved(learner);
	const t1 = await currentTime(learner);

	// Reload: play resumes where it stopped.
	await learner.reload();
	await playerReady(learner);
	await play(learner);
	await expect(video(learner)).toHaveAttribute('data-engine', 'hls.js', { timeout: 20_000 });
	await expect
		.poll(async () => Math.abs((await currentTime(learner)) - t1), { timeout: 15_000 })
		.toBeLessThan(1.5);
	await pause(learner);
	// the pause's heartbeat is answered before the network drops: otherwise it
	// too waits offline (on a loaded machine the answer can take seconds)
	await saved(learner);

	// Offline: keep watching with the whole clip buffered; the heartbeat waits on the device.
	await expect
		.poll(
			() =>
				video(learner).evaluate((v: HTMLVideoElement) =>
					v.buffered.length ? v.buffered.end(v.buffered.length - 1) : 0
				),
			{
				timeout: 15_000
			}
		)
		.toBeGreaterThan(CLIP_SECONDS - 1);
	await context.setOffline(true);
	await play(learner);
	await expect.poll(() => currentTime(learner), { timeout: 15_000 }).toBeGreaterThan(t1 + 3);
	await pause(learner);
	const t2 = await currentTime(learner);
	await expect(learner.locator('.sync')).toContainText('离线，进度将在联网后同步 (1)');
	await context.setOffline(false);
	await saved(learner);
	let progress = await progressOf(learner, lessonId);
	for (let s = Math.ceil(t1); s < Math.floor(t2); s++)
		expect(covers(progress.watchedRanges, s), `second ${s}`).toBe(true);
	expect(progress.completed).toBe(false);

	// Seeking to the end does not complete the lesson.
	await play(learner, CLIP_SECONDS - 1);
	await expect
		.poll(() => video(learner).evaluate((v: HTMLVideoElement) => v.ended), { timeout: 15_000 })
		.toBe(true);
	await saved(learner);
	progress = await progressOf(learner, lessonId);
	expect(progress.completed).toBe(false);
	expect(progress.coverage).toBeLessThan(0.95);
	await expect(learner.getByText('本课已完成')).toHaveCount(0);

	// Watching it through does.
	await play(learner, 0);
	await expect
		.poll(() => video(learner).evaluate((v: HTMLVideoElement) => v.ended), { timeout: 30_000 })
		.toBe(true);
	await saved(learner);
	progress = await progressOf(learner, lessonId);
	expect(progress.completed).toBe(true);
	await expect(learner.getByText('本课已完成')).toBeVisible();
	await expect(learner.getByText('恭喜！您已完成本课程。')).toBeVisible();
	const lessonScan = await new AxeBuilder({ page: learner }).analyze();
	expect(lessonScan.violations.map((v) => v.id)).toEqual([]);

	// My study lists the completed course and its credit hours.
	await learner.goto('/learn');
	await expect(
		learner.getByRole('region', { name: '已完成的课程' }).getByText(title)
	).toBeVisible();
	await expect(learner.getByRole('cell', { name: `课程：${title}` })).toBeVisible();
	const learnScan = await new AxeBuilder({ page: learner }).analyze();
	expect(learnScan.violations.map((v) => v.id)).toEqual([]);
	await context.close();
});

test('a second device supersedes the first, which can take over; a presence check pauses until answered', async ({
	browser
}) => {
	test.setTimeout(120_000);
	const open = async () => {
		const context = await browser.newContext();
		const page = await context.newPage();
		await login(page, 'learner');
		await page.goto(lessonUrl);
		await playerReady(page);
		return { context, page };
	};
	const paused = (page: Page) => video(page).evaluate((v: HTMLVideoElement) => v.paused);

	const a = await open();
	await play(a.page, 0);
	await expect.poll(() => currentTime(a.page), { timeout: 15_000 }).toBeGreaterThan(1);
	const b = await open(); // its playback starts with the page
	await expect(a.page.getByText('已在其他设备播放')).toBeVisible({ timeout: 15_000 });
	expect(await paused(a.page)).toBe(true);
	await a.page.getByRole('button', { name: '在本设备继续播放' }).click();
	await expect.poll(() => paused(a.page), { timeout: 10_000 }).toBe(false);
	await expect(b.page.getByText('已在其他设备播放')).toBeVisible({ timeout: 15_000 });
	await b.context.close();
	await pause(a.page);

	// Presence check: turned on for the course; made due in 2 s (the server picks 5–15 min).
	if (!process.env.DATABASE_URL) return; // needs this run's database
	const state = JSON.parse(readFileSync(STATE_FILE, 'utf8')) as { database: string };
	const url = new URL(process.env.DATABASE_URL);
	url.pathname = `/${state.database}`;
	const sql = postgres(url.toString(), { max: 1, onnotice: () => {} });
	try {
		const courseId = Number(lessonUrl.split('/')[2]);
		await sql`update courses set presence_check = true where id = ${courseId}`;
		await a.page.route('**/api/playbacks', async (route) => {
			const res = await route.fetch();
			const json = await res.json();
			await sql`update playbacks set presence_due_at = now() + interval '2 seconds' where id = ${json.playbackId}`;
			json.presence.dueInSeconds = 2;
			await route.fulfill({ response: res, json });
		});
		await a.page.reload();
		await playerReady(a.page);
		await play(a.page);
		const dialog = a.page.getByRole('dialog', { name: '您还在学习吗？' });
		await expect(dialog).toBeVisible({ timeout: 10_000 });
		expect(await paused(a.page)).toBe(true);
		await a.page.keyboard.press('Escape'); // not dismissible without answering
		await expect(dialog).toBeVisible();
		await dialog.getByRole('button', { name: '我在学习' }).click();
		await expect(dialog).toBeHidden();
		await expect.poll(() => paused(a.page), { timeout: 10_000 }).toBe(false);
	} finally {
		await sql.end();
		await a.context.close();
	}
});
