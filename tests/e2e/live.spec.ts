// Live session end to end: the demo lecturer goes live from the browser
// (Chromium's fake camera and microphone), a learner in another browser
// context watches it play through hls.js, they interact in the room, the
// lecturer ends, and the learner's attendance and the replay lesson exist.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import postgres from 'postgres';
import config from '../../playwright.config';
import { STATE_FILE } from './global-setup';
import { login } from './helpers';

const base = config.use?.launchOptions ?? {};
test.use({
	launchOptions: {
		...base,
		args: [
			...(base.args ?? []),
			'--use-fake-device-for-media-stream',
			'--use-fake-ui-for-media-stream',
			'--autoplay-policy=no-user-gesture-required'
		]
	}
});

const TITLE = '直播辅导：学习贯彻党的二十大精神';

function database() {
	const state = JSON.parse(readFileSync(STATE_FILE, 'utf8')) as { database: string };
	const url = new URL(process.env.DATABASE_URL!);
	url.pathname = `/${state.database}`;
	return postgres(url.toString(), { max: 1, onnotice: () => {} });
}

const axe = async (page: Page) =>
	(await new AxeBuilder({ page }).analyze()).violations.map(
		(v) => `${v.id}: ${v.nodes[0]?.target}`
	);
const currentTime = (page: Page) =>
	page.locator('.live-player video').evaluate((v: HTMLVideoElement) => v.currentTime);

test('lecturer broadcasts from the browser, a learner watches and takes part, the replay and attendance exist', async ({
	browser
}) => {
	test.setTimeout(600_000); // a busy 2-core machine: browsers, encoders, the app (and other runs) share it
	const lecturerContext = await browser.newContext();
	const learnerContext = await browser.newContext();
	const lecturer = await lecturerContext.newPage();
	const learner = await learnerContext.newPage();

	// The demo seed scheduled the session for the county, starting now.
	await login(lecturer, 'lecturer');
	await lecturer.goto('/live/new');
	await expect(lecturer.getByLabel('开始时间')).toBeVisible();
	expect(await axe(lecturer)).toEqual([]);
	await lecturer.goto('/live');
	expect(await axe(lecturer)).toEqual([]);
	await lecturer
		.getByRole('listitem')
		.filter({ hasText: TITLE })
		.getByRole('link', { name: '控制台' })
		.click();
	await expect(lecturer).toHaveURL(/\/live\/\d+\/console$/);
	const sessionId = Number(/\/live\/(\d+)\//.exec(lecturer.url())![1]);
	await lecturer.getByRole('button', { name: '预览' }).click();
	await expect(lecturer.getByRole('meter', { name: '麦克风音量' })).toBeVisible();
	await lecturer.getByRole('button', { name: '开始直播' }).click();
	await expect(lecturer.getByTestId('broadcast-state')).toHaveAttribute('data-state', 'live', {
		timeout: 20_000
	});
	await expect
		.poll(async () => Number(await lecturer.getByTestId('chunks-acked').textContent()), {
			timeout: 20_000
		})
		.toBeGreaterThan(3);
	await expect(lecturer.getByTestId('session-status')).toHaveAttribute('data-status', 'live', {
		timeout: 20_000
	});

	// The learner (五工台村, in the county) sees it live and watches.
	await login(learner, 'learner');
	await learner.goto('/live');
	await learner
		.getByRole('listitem')
		.filter({ hasText: TITLE })
		.getByRole('link', { name: '进入直播' })
		.click();
	await expect(learner).toHaveURL(`/live/${sessionId}`);
	await expect(learner.getByTestId('live-badge')).toBeVisible();
	await expect.poll(() => currentTime(learner), { timeout: 45_000 }).toBeGreaterThan(1);
	const t1 = await currentTime(learner);
	await expect.poll(() => currentTime(learner), { timeout: 15_000 }).toBeGreaterThan(t1 + 2);
	await expect(learner.getByTestId('live-latency')).toBeVisible();
	expect(await axe(learner)).toEqual([]);
	expect(await axe(lecturer)).toEqual([]);

	// The room (LiveInteraction): chat both ways, a poll, a check-in.
	const learnerRoom = learner.getByRole('region', { name: '互动' });
	const lecturerRoom = lecturer.getByRole('region', { name: '互动' });
	await expect(learnerRoom.getByLabel('聊天消息')).toBeEnabled({ timeout: 20_000 });
	await learnerRoom.getByLabel('聊天消息').fill('老师好，画面和声音都很清楚');
	await learnerRoom.getByRole('button', { name: '发送' }).click();
	await expect(lecturerRoom.getByRole('list', { name: '聊天记录' })).toContainText(
		'老师好，画面和声音都很清楚'
	);
	await lecturerRoom.getByLabel('聊天消息').fill('同学们好，我们开始');
	await lecturerRoom.getByRole('button', { name: '发送' }).click();
	await expect(learnerRoom.getByRole('list', { name: '聊天记录' })).toContainText(
		'同学们好，我们开始'
	);

	await lecturerRoom.getByLabel('投票题目').fill('今天的内容是否清楚？');
	await lecturerRoom.getByLabel('选项 1', { exact: true }).fill('清楚');
	await lecturerRoom.getByLabel('选项 2', { exact: true }).fill('不清楚');
	await lecturerRoom.getByRole('button', { name: '发起投票' }).click();
	await learnerRoom.getByRole('radio', { name: '清楚', exact: true }).check();
	await learnerRoom.getByRole('button', { name: '提交投票' }).click();
	await expect(learnerRoom.getByText('您选了：清楚')).toBeVisible();
	await expect(lecturerRoom.getByText('共 1 人作答')).toBeVisible();

	await lecturerRoom.getByLabel('签到时长（秒）').fill('60');
	await lecturerRoom.getByRole('button', { name: '发起签到' }).click();
	await learner.getByRole('button', { name: '立即签到' }).click();
	await expect(learner.getByText('已签到', { exact: false }).first()).toBeVisible();
	await expect(lecturerRoom.getByText('已签到 1 人')).toBeVisible();
	await expect(lecturerRoom.getByTestId('viewer-count')).toContainText('1');

	// The console reopened in another tab knows the session is on air from elsewhere
	// (it used to say 未开始 with an 开始直播 button).
	const console2 = await lecturerContext.newPage();
	await console2.goto(`/live/${sessionId}/console`);
	await expect(console2.getByTestId('on-air')).toHaveAttribute('data-on-air', 'browser');
	await expect(console2.getByRole('button', { name: '改由本浏览器推流' })).toBeVisible();
	await expect(console2.getByTestId('broadcast-state')).toHaveAttribute('data-state', 'idle');
	await expect(learner.getByTestId('signal-lost')).toHaveCount(0);

	// The broadcasting tab goes away: ten seconds later the console alarms and
	// learners are told instead of looking at a frozen frame.
	await lecturer.close();
	await expect(console2.getByTestId('on-air')).toHaveAttribute('data-on-air', 'off', {
		timeout: 30_000
	});
	await expect(console2.getByRole('alert').filter({ hasText: '没有推流' })).toBeVisible();
	await expect(learner.getByTestId('signal-lost')).toHaveText('直播信号中断，正在等待恢复', {
		timeout: 30_000
	});
	await expect(learner.getByTestId('live-badge')).toBeVisible(); // still 直播中
	expect(await axe(console2)).toEqual([]);

	// The lecturer ends from the reopened console, asked in the page (no browser confirm()).
	console2.on('dialog', (d) => {
		throw new Error(`a browser dialog appeared: ${d.message()}`);
	});
	await console2.getByRole('button', { name: '结束直播' }).click();
	const ask = console2.getByRole('dialog', { name: '结束直播？' });
	await expect(ask).toBeVisible();
	expect(await axe(console2)).toEqual([]);
	await ask.getByRole('button', { name: '继续直播' }).click();
	await expect(ask).toBeHidden();
	await expect(console2.getByTestId('session-status')).toHaveAttribute('data-status', 'live');
	await console2.getByRole('button', { name: '结束直播' }).click();
	await ask.getByRole('button', { name: '确认结束' }).click();
	await expect(console2.getByTestId('session-status')).toHaveAttribute('data-status', 'ended', {
		timeout: 30_000
	});
	await expect(learner.getByTestId('session-status')).toHaveAttribute('data-status', 'ended', {
		timeout: 30_000
	});

	if (!process.env.DATABASE_URL) return; // the checks below need this run's database
	const sql = database();
	try {
		const [s] = await sql`select status, ended_at from live_sessions where id = ${sessionId}`;
		expect(s.status).toBe('ended');
		// Attendance, judged on the server from presence and check-in answers.
		// Finalised right after the status turns 'ended' (which the pages already show): wait for it.
		const attendance = () => sql`
			select a.seconds_present, a.checkins_answered, a.checkins_total from live_attendance a join users u on u.id = a.user_id
			where a.session_id = ${sessionId} and u.employee_no = 'learner'`;
		await expect.poll(async () => (await attendance()).length, { timeout: 30_000 }).toBe(1);
		const [a] = await attendance();
		expect(a.seconds_present).toBeGreaterThan(5);
		expect([a.checkins_answered, a.checkins_total]).toEqual([1, 1]);
		// The replay job joins the recording into a lesson with its own media asset.
		await expect
			.poll(
				async () =>
					(
						await sql`select l.id from live_sessions s join lessons l on l.id = s.replay_lesson_id where s.id = ${sessionId} and l.media_id is not null`
					).length,
				{ timeout: 180_000 }
			)
			.toBe(1);
	} finally {
		await sql.end();
	}
	await lecturerContext.close();
	await learnerContext.close();
});

test('a lecturer schedules a session through the form, is told what is missing, edits and cancels it', async ({
	page
}) => {
	await login(page, 'lecturer');
	await page.goto('/live/new');
	// hydrated before typing (the start time is typed in Beijing time, labelled so)
	await page.waitForLoadState('networkidle');
	await expect(page.getByLabel('开始时间（北京时间）')).toBeVisible();
	await page.getByLabel('标题').fill('周五政策解读直播');
	const start = new Date(Date.now() + 2 * 24 * 3600_000);
	const pad = (n: number) => String(n).padStart(2, '0');
	await page
		.getByLabel('开始时间')
		.fill(`${start.getFullYear()}-${pad(start.getMonth() + 1)}-${pad(start.getDate())}T09:30`);
	await page.getByLabel('预计时长（分钟）').fill('45');
	// no audience yet: refused with the reason, nothing created
	await page.getByRole('button', { name: '安排直播' }).click();
	await expect(page.getByRole('alert')).toContainText('请选择受众');
	await expect(page.getByLabel('标题')).toHaveValue('周五政策解读直播');
	const county = await page
		.locator('#live-units option', { hasText: '呼图壁县' })
		.first()
		.getAttribute('value');
	await page.getByLabel('单位').selectOption(county!);
	await page.getByRole('button', { name: '安排直播' }).click();
	await expect(page).toHaveURL(/\/live\/\d+\/console$/);
	const id = /\/live\/(\d+)\//.exec(page.url())![1];
	await expect(page.getByTestId('session-status')).toHaveAttribute('data-status', 'scheduled');

	await page.getByRole('link', { name: '修改直播安排' }).click();
	await expect(page.getByLabel('开始时间')).toHaveValue(/T09:30$/);
	await page.getByLabel('预计时长（分钟）').fill('90');
	await page.getByRole('button', { name: '保存' }).click();
	await expect(page).toHaveURL(`/live/${id}/console`);
	await expect(page.getByText('90 分钟')).toBeVisible();

	// Concentrated training is an administrator's mark: read-only for the lecturer.
	await page.goto(`/live/${id}/edit`);
	await expect(page.getByLabel('计入集中培训学时')).toBeDisabled();
	const adminContext = await page.context().browser()!.newContext();
	const ap = await adminContext.newPage();
	await login(ap, 'admin');
	await ap.goto(`/live/${id}/edit`);
	await ap.waitForLoadState('networkidle');
	await ap.getByLabel('计入集中培训学时').check();
	await ap.getByRole('button', { name: '保存' }).click();
	await expect(ap).toHaveURL(`/live/${id}/console`);
	await expect(ap.getByTestId('session-concentrated')).toHaveText('计入集中培训学时');
	await adminContext.close();
	await page.reload();
	await expect(page.getByLabel('计入集中培训学时')).toBeChecked();

	await page.goto(`/live/${id}/edit`);
	// Asked in the page, not with the browser's confirm().
	await page.getByRole('button', { name: '取消直播' }).click();
	const ask = page.getByRole('dialog', { name: '取消直播？' });
	await ask.getByRole('button', { name: '不取消' }).click();
	await expect(ask).toBeHidden();
	await expect(page).toHaveURL(`/live/${id}/edit`);
	await page.getByRole('button', { name: '取消直播' }).click();
	await ask.getByRole('button', { name: '确认取消' }).click();
	await expect(page).toHaveURL('/live');
	await expect(page.getByText('周五政策解读直播')).toHaveCount(0);

	// A learner may not schedule.
	const learner = await page.context().browser()!.newContext();
	const lp = await learner.newPage();
	await login(lp, 'learner');
	const res = await lp.goto('/live/new');
	expect(res?.status()).toBe(403);
	await learner.close();
});
