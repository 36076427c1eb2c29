// The live room's own tools in the browser (the main live e2e, live.spec.ts,
// covers broadcasting, chat, a poll and a check-in): Q&A, deleting and muting,
// raise hand, a phone-width layout, and the attendance report with its export
// and who may open it. The session is put live directly in the database.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import postgres from 'postgres';
import { STATE_FILE } from './global-setup';
import { login } from './helpers';

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

test('Q&A, moderation, raise hand on a phone, and the attendance report', async ({ browser }) => {
	test.skip(!process.env.DATABASE_URL, 'needs the run database to set the session up');
	test.setTimeout(120_000);
	const sql = database();
	let sessionId = 0;
	let learnerName = '';
	try {
		const [lec] = await sql`select id from users where employee_no = 'lecturer'`;
		const [lrn] = await sql`select u.name, u.unit_id from users u where employee_no = 'learner'`;
		learnerName = lrn.name;
		const [county] =
			await sql`select c.ancestor_id as id from org_closure c join org_units u on u.id = c.ancestor_id where c.descendant_id = ${lrn.unit_id} and u.kind = 'county'`;
		const [s] = await sql`
			insert into live_sessions (title, lecturer_id, starts_at, expected_minutes, status, started_at, stream_key)
			values ('互动测试直播', ${lec.id}, now(), 30, 'live', now(), ${'e2e-room-' + Date.now()}) returning id`;
		sessionId = s.id;
		await sql`insert into live_session_units (session_id, unit_id) values (${sessionId}, ${county.id})`;
	} finally {
		await sql.end();
	}

	const lecturerContext = await browser.newContext();
	const learnerContext = await browser.newContext({
		viewport: { width: 375, height: 740 },
		isMobile: true,
		hasTouch: true
	});
	const lecturer = await lecturerContext.newPage();
	const learner = await learnerContext.newPage();
	await login(lecturer, 'lecturer');
	await login(learner, 'learner');
	await lecturer.goto(`/live/${sessionId}/console`);
	await learner.goto(`/live/${sessionId}`);
	const lecturerRoom = lecturer.getByRole('region', { name: '互动' });
	const learnerRoom = learner.getByRole('region', { name: '互动' });
	await expect(learnerRoom.getByLabel('聊天消息')).toBeEnabled({ timeout: 20_000 });
	await expect(lecturerRoom.getByLabel('聊天消息')).toBeEnabled({ timeout: 20_000 });

	// Q&A: the learner asks, the lecturer marks it answered.
	await learnerRoom.getByLabel('您的问题').fill('签到没赶上怎么办？');
	await learnerRoom.getByRole('button', { name: '提问' }).click();
	const question = lecturerRoom.getByRole('listitem').filter({ hasText: '签到没赶上怎么办？' });
	await expect(question).toBeVisible();
	await question.getByRole('button', { name: '标为已解答' }).click();
	await expect(
		learnerRoom.getByRole('listitem').filter({ hasText: '签到没赶上怎么办？' })
	).toContainText('已解答');

	// Moderation: delete a message, mute and unmute the learner.
	await learnerRoom.getByLabel('聊天消息').fill('这是一条广告');
	await learnerRoom.getByRole('button', { name: '发送' }).click();
	const chat = lecturerRoom.getByRole('list', { name: '聊天记录' });
	await expect(chat).toContainText('这是一条广告');
	await chat.getByRole('button', { name: `删除 ${learnerName} 的消息` }).click();
	await expect(learnerRoom.getByRole('list', { name: '聊天记录' })).not.toContainText(
		'这是一条广告'
	);
	await learnerRoom.getByLabel('聊天消息').fill('我再说一句');
	await learnerRoom.getByRole('button', { name: '发送' }).click();
	await chat
		.getByRole('button', { name: `禁言 ${learnerName}` })
		.first()
		.click();
	await expect(learnerRoom.getByText('您已被主讲人禁言。').first()).toBeVisible();
	await learnerRoom.getByLabel('聊天消息').fill('还能发吗');
	await learnerRoom.getByRole('button', { name: '发送' }).click();
	await expect(learnerRoom.getByRole('alert')).toContainText('您已被主讲人禁言。');
	await expect(chat).not.toContainText('还能发吗');
	await lecturerRoom.getByRole('button', { name: `解除 ${learnerName} 的禁言` }).click();
	await expect(
		learnerRoom.getByRole('status').filter({ hasText: '您已被主讲人禁言。' })
	).toHaveCount(0);
	await learnerRoom.getByLabel('聊天消息').fill('谢谢老师');
	await learnerRoom.getByRole('button', { name: '发送' }).click();
	await expect(chat).toContainText('谢谢老师');

	// Raise hand; the lecturer lowers it.
	await learnerRoom.getByRole('button', { name: '举手' }).click();
	await expect(
		lecturerRoom.getByRole('region', { name: '举手' }).getByText(learnerName)
	).toBeVisible();
	await lecturerRoom.getByRole('button', { name: `请 ${learnerName} 放下手` }).click();
	await expect(learnerRoom.getByRole('button', { name: '举手' })).toHaveAttribute(
		'aria-pressed',
		'false'
	);

	// Phone width: nothing wider than the screen; accessible.
	const overflow = await learner.evaluate(
		() => document.documentElement.scrollWidth - document.documentElement.clientWidth
	);
	expect(overflow).toBeLessThanOrEqual(1);
	expect(await axe(learner)).toEqual([]);
	expect(await axe(lecturer)).toEqual([]);

	// Attendance report: the lecturer sees the learner and can export; the learner may not open it.
	await lecturerRoom.getByRole('link', { name: '出勤统计' }).click();
	await expect(lecturer).toHaveURL(`/live/${sessionId}/attendance`);
	await expect(lecturer.getByTestId('attendance-people')).toContainText(learnerName);
	expect(await axe(lecturer)).toEqual([]);
	const download = lecturer.waitForEvent('download');
	await lecturer.getByRole('link', { name: '导出 Excel' }).click();
	expect((await download).suggestedFilename()).toMatch(/出勤.*\.xlsx$/);
	const res = await learner.goto(`/live/${sessionId}/attendance`);
	expect(res?.status()).toBe(404);

	// The leader of the county sees their subtree.
	const leaderContext = await browser.newContext();
	const leader = await leaderContext.newPage();
	await login(leader, 'leader');
	await leader.goto(`/live/${sessionId}/attendance`);
	await expect(leader.getByTestId('attendance-people')).toContainText(learnerName);
	await leaderContext.close();
	await lecturerContext.close();
	await learnerContext.close();
});
