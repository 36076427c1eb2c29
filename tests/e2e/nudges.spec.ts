// 催学 as the demo county leader does it: the village's people list, the
// in-page preview (count and text), sending, the record in the list, the
// once-a-day rule on a second try, and the learner's home page, notification
// centre and (logging) SMS gateway receiving it.
import { expect, test } from '@playwright/test';
import { existsSync, readFileSync } from 'node:fs';
import postgres from 'postgres';
import { SMS_LOG, STATE_FILE } from './global-setup';
import { login } from './helpers';

const PROGRAMME = '学习贯彻党的二十大精神专题学习';

function runDb() {
	const state = JSON.parse(readFileSync(STATE_FILE, 'utf8')) as { database: string };
	const url = new URL(process.env.DATABASE_URL!);
	url.pathname = `/${state.database}`;
	return postgres(url.toString(), { max: 1, onnotice: () => {} });
}

test('the county leader reminds 刘晓燕 from the report; she sees it; a second try the same day skips her', async ({
	page
}) => {
	test.skip(!process.env.DATABASE_URL, 'needs this run’s database');
	const sql = runDb();
	let programmeId = 0,
		village = 0,
		userId = 0,
		was: { status: string; phone: string } | undefined;
	try {
		[{ id: programmeId }] = await sql`select id from programmes where title = ${PROGRAMME}`;
		[{ id: village }] = await sql`select id from org_units where name = '五工台村'`;
		const [me] = await sql`
			select u.id, u.phone, a.status from users u join programme_assignments a on a.user_id = u.id
			where u.employee_no = 'learner' and a.programme_id = ${programmeId}`;
		userId = me.id;
		was = { status: me.status, phone: me.phone };
		// she has not finished, and has a mobile number
		await sql`update programme_assignments set status = 'in_progress', completed_at = null,
			started_at = coalesce(started_at, now()) where user_id = ${userId} and programme_id = ${programmeId} and status = 'completed'`;
		await sql`update users set phone = '139-0991-0001' where id = ${userId}`;
		await sql`delete from programme_nudges where user_id = ${userId}`;
	} finally {
		await sql.end();
	}
	try {
		await login(page, 'leader');
		await page.goto(`/reports/${programmeId}/units/${village}?q=刘晓燕`);
		const people = page.getByTestId('people-report');
		const row = people.getByRole('row').filter({ hasText: '刘晓燕' });
		await expect(row).toHaveCount(1);
		await page.getByRole('link', { name: '催学…' }).click();
		const preview = page.getByTestId('nudge-preview');
		await expect(preview).toContainText('将向 1 人发送提醒');
		await expect(preview.locator('blockquote')).toContainText(
			`呼图壁县提醒您：专题学习「${PROGRAMME}」您还没有完成`
		);
		await preview.getByRole('button', { name: '发送提醒' }).click();
		await expect(page.getByTestId('nudge-result')).toHaveText(
			/已向 1 人发送提醒。.*1 人同时收到短信/
		);
		// the record: the row says when
		await expect(row.locator('td.reminded')).toHaveText(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}/);

		// once a day: the preview now says she is skipped, and sending is off
		await page.getByRole('link', { name: '催学…' }).click();
		await expect(preview).toContainText('名单中没有今天还能提醒的人');
		await expect(preview).toContainText('其中 1 人今天已提醒过，将跳过');
		await expect(preview.getByRole('button', { name: '发送提醒' })).toBeDisabled();
		// a forged request for someone outside the list changes nothing
		const forged = await page.request.post(`/reports/${programmeId}/units/${village}?/nudge`, {
			form: { status: 'all', q: '刘晓燕', sub: '1', user: '1' },
			headers: { origin: new URL(page.url()).origin, 'x-sveltekit-action': 'true' }
		});
		expect(await forged.text()).toContain('所选人员不在当前名单中');

		// the SMS went through the logging provider
		const sms = existsSync(SMS_LOG)
			? readFileSync(SMS_LOG, 'utf8')
					.trim()
					.split('\n')
					.map((l) => JSON.parse(l))
			: [];
		expect(sms.filter((s) => s.to === '13909910001')).toHaveLength(1);

		// she sees it on her home page and in the notification centre
		await page.context().clearCookies();
		await login(page, 'learner');
		await page.goto('/');
		await expect(page.getByTestId('home-nudges')).toContainText(`呼图壁县提醒您`);
		await page.goto('/notifications');
		await expect(page.getByTestId('notifications')).toContainText(`「${PROGRAMME}」您还没有完成`);
	} finally {
		const db = runDb();
		await db`update users set phone = ${was?.phone ?? ''} where id = ${userId}`;
		if (was?.status === 'completed')
			await db`update programme_assignments set status = 'completed', completed_at = now()
				where user_id = ${userId} and programme_id = ${programmeId}`;
		await db.end();
	}
});
