// Completion reports as the demo county leader sees them: the programme's
// report with child units' rates, a completion changing the rate, drill-down
// to the learner's village, the people list exported to xlsx (opened here),
// and a leader of another county who gets 404 for all of it.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import postgres from 'postgres';
import { STATE_FILE } from './global-setup';
import { DEMO_PASSWORD, login } from './helpers';

const PROGRAMME = '学习贯彻党的二十大精神专题学习';

function runDb() {
	const state = JSON.parse(readFileSync(STATE_FILE, 'utf8')) as { database: string };
	const url = new URL(process.env.DATABASE_URL!);
	url.pathname = `/${state.database}`;
	return postgres(url.toString(), { max: 1, onnotice: () => {} });
}

/** The total row's cells: rate, assigned, completed, in progress, not started, overdue. */
async function totals(page: Page) {
	const cells = page.getByTestId('unit-report').locator('tfoot td');
	return (await cells.allInnerTexts()).map((t) => t.trim());
}

test.describe.configure({ mode: 'serial' });

test('the county leader reads the report, drills down to 五工台村 and exports the people', async ({
	page
}) => {
	test.skip(!process.env.DATABASE_URL, 'needs this run’s database');
	await login(page, 'leader');
	await page
		.getByRole('navigation', { name: '主导航' })
		.getByRole('link', { name: '学习统计' })
		.click();
	await expect(page).toHaveURL(/\/reports$/);
	await page.getByRole('link', { name: PROGRAMME }).click();
	// one scope root: straight to 呼图壁县's report
	await expect(page.getByRole('heading', { level: 1, name: '呼图壁县' })).toBeVisible();
	const report = page.getByTestId('unit-report');
	const town = report
		.getByRole('row')
		.filter({ has: page.getByRole('link', { name: '五工台镇' }) });
	await expect(town.locator('td').first()).toHaveText(/\d+\.\d%/);
	const before = await totals(page);
	expect(Number(before[1])).toBeGreaterThan(0);

	// someone in 五工台村 completes (status as the programme code writes it): the rate moves
	const sql = runDb();
	try {
		const [who] = await sql`
			select a.user_id from programme_assignments a join programmes p on p.id = a.programme_id
			join org_units u on u.id = a.unit_id
			where p.title = ${PROGRAMME} and u.name = '五工台村' and a.status <> 'completed' and a.removed_at is null
			order by a.user_id limit 1`;
		expect(who).toBeTruthy();
		await sql`update programme_assignments set status = 'completed', completed_at = now()
			where user_id = ${who.user_id} and programme_id = (select id from programmes where title = ${PROGRAMME})`;
	} finally {
		await sql.end();
	}
	await page.reload();
	const after = await totals(page);
	expect(Number(after[2])).toBe(Number(before[2]) + 1);
	expect(after[0]).not.toBe(before[0]);

	// drill down
	await town.getByRole('link', { name: '五工台镇' }).click();
	await expect(page.getByRole('heading', { level: 1, name: '五工台镇' })).toBeVisible();
	await page.getByTestId('unit-report').getByRole('link', { name: '五工台村' }).click();
	await expect(page.getByRole('heading', { level: 1, name: '五工台村' })).toBeVisible();
	const people = page.getByTestId('people-report');
	await expect(people.getByRole('cell', { name: '刘晓燕' })).toBeVisible();
	const shown = await people.locator('tbody tr').count();
	expect(shown).toBeGreaterThan(1);
	expect((await new AxeBuilder({ page }).analyze()).violations.map((v) => v.id)).toEqual([]);

	// filter: completed only
	await page.getByLabel('状态筛选').selectOption('completed');
	await page.getByRole('button', { name: '查询' }).click();
	await expect(page).toHaveURL(/status=completed/);
	await expect(people.locator('tbody tr').first()).toContainText('已完成');
	await page.getByLabel('状态筛选').selectOption('all');
	await page.getByRole('button', { name: '查询' }).click();
	await expect(page).toHaveURL(/status=all/);

	// export the list and open it
	const [download] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('button', { name: '导出人员名单（xlsx）' }).click()
	]);
	expect(download.suggestedFilename()).toMatch(/五工台村.*\.xlsx$/);
	const wb = new ExcelJS.Workbook();
	await wb.xlsx.readFile(await download.path());
	const ws = wb.worksheets[0];
	expect(ws.getRow(1).getCell(1).value).toContain(PROGRAMME);
	expect(ws.getRow(3).values).toEqual(
		expect.arrayContaining(['工号', '姓名', '单位全称（路径）', '状态', '必修进度', '最近学习'])
	);
	const names: string[] = [];
	for (let r = 4; r <= ws.rowCount; r++) {
		names.push(String(ws.getRow(r).getCell(2).value));
		expect(ws.getRow(r).getCell(3).value).toBe('昌吉州/呼图壁县/五工台镇/五工台村');
	}
	expect(names).toHaveLength(shown);
	expect(names).toContain('刘晓燕');
	expect(names.every((n) => /[\u4e00-\u9fff]/.test(n))).toBe(true);

	// the tree export of the village
	const [tree] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('link', { name: '导出单位统计（xlsx）' }).click()
	]);
	const tb = new ExcelJS.Workbook();
	await tb.xlsx.readFile(await tree.path());
	expect(tb.worksheets[0].getRow(4).getCell(1).value).toBe('五工台村');

	// the bulletin ranks 呼图壁县's townships
	await page.goto(page.url().replace(/\/units\/\d+.*$/, '/bulletin'));
	await expect(page.getByTestId('bulletin').getByRole('row', { name: /五工台镇/ })).toBeVisible();
	expect((await new AxeBuilder({ page }).analyze()).violations.map((v) => v.id)).toEqual([]);
});

test('a leader of 玛纳斯县 cannot see 呼图壁县’s report, units or exports', async ({ page }) => {
	test.skip(!process.env.DATABASE_URL, 'needs this run’s database');
	const sql = runDb();
	let programmeId: number, village: number;
	try {
		const [manas] = await sql`select id from org_units where name = '玛纳斯县'`;
		const [leader] = await sql`select password_hash from users where employee_no = 'leader'`;
		const [u] = await sql`
			insert into users (employee_no, name, unit_id, rank_level, roles, must_change_password, password_hash)
			values ('manas_leader', '王建国', ${manas.id}, 'county', '{leader}', false, ${leader.password_hash})
			on conflict (employee_no) do update set name = excluded.name returning id`;
		await sql`insert into leader_scopes (user_id, unit_id) values (${u.id}, ${manas.id}) on conflict do nothing`;
		[{ id: programmeId }] = await sql`select id from programmes where title = ${PROGRAMME}`;
		[{ id: village }] = await sql`select id from org_units where name = '五工台村'`;
	} finally {
		await sql.end();
	}
	await login(page, 'manas_leader', DEMO_PASSWORD);
	await page.goto('/reports');
	await expect(page.getByRole('link', { name: PROGRAMME })).toHaveCount(0);
	for (const path of [
		`/reports/${programmeId}`,
		`/reports/${programmeId}/units/${village}`,
		`/reports/${programmeId}/bulletin`
	]) {
		const res = await page.goto(path);
		expect(res?.status(), path).toBe(404);
	}
	const res = await page.request.get(`/reports/${programmeId}/units/${village}/export?what=tree`);
	expect(res.status()).toBe(404);
	const post = await page.request.post(`/reports/${programmeId}/units/${village}/export`, {
		form: { what: 'people', status: 'all', q: '', sub: '1' },
		headers: { origin: new URL(page.url()).origin }
	});
	expect(post.status()).toBe(404);
});

test('the notification centre: badge, rendered reminder, mark read', async ({ page }) => {
	test.skip(!process.env.DATABASE_URL, 'needs this run’s database');
	const sql = runDb();
	try {
		await sql`
			insert into notifications (user_id, kind, params, link, dedupe_key)
			select id, 'programme_leader_summary', ${sql.json({ title: PROGRAMME, days: 3, notStarted: 5, inProgress: 7 })}, '/reports', 'e2e-summary'
			from users where employee_no = 'leader'
			on conflict do nothing`;
	} finally {
		await sql.end();
	}
	await login(page, 'leader');
	await expect(page.getByTestId('unread-count')).toHaveText(/^\d+$/);
	await page.getByRole('link', { name: /条未读消息/ }).click();
	await expect(page).toHaveURL(/\/notifications$/);
	const item = page
		.getByTestId('notifications')
		.getByRole('listitem')
		.filter({ hasText: '5 人未开始' });
	await expect(item).toContainText(`「${PROGRAMME}」距截止还有 3 天`);
	await page.getByRole('button', { name: '全部标为已读' }).click();
	await expect(page.getByTestId('unread-count')).toHaveCount(0);
	await expect(item.getByRole('button', { name: '标为已读' })).toHaveCount(0);
});

test('the reminder job pushes to the open page; the notifications API answers for one’s own only', async ({
	page
}) => {
	test.skip(!process.env.DATABASE_URL, 'needs this run’s database');
	await login(page, 'leader');
	await page.goto('/reports');
	const badge = page.getByTestId('unread-count');
	const before = (await badge.count()) ? Number(await badge.innerText()) : 0;
	const sql = runDb();
	const [{ deadline }] = await sql`select deadline from programmes where title = ${PROGRAMME}`;
	try {
		// the demo programme due in 2 days, and the daily reminder job queued now (as its schedule would)
		await sql`update programmes set deadline = now() + interval '2 days' where title = ${PROGRAMME}`;
		await sql`insert into pgboss.job (name, data) values ('programme-reminders', '{}'::jsonb)`;
		// no reload: the socket's 'notification' event moves the badge (by one or more: the leader
		// may also be an assignee who is reminded, depending on what earlier specs did)
		await expect
			.poll(async () => ((await badge.count()) ? Number(await badge.innerText()) : 0), {
				timeout: 20_000
			})
			.toBeGreaterThan(before);
	} finally {
		// other specs may rely on the seeded deadline
		await sql`update programmes set deadline = ${deadline} where title = ${PROGRAMME}`;
		await sql.end();
	}

	const api = await page.request.get('/api/notifications?unread=1');
	expect(api.status()).toBe(200);
	const body = (await api.json()) as {
		unread: number;
		items: { id: number; kind: string; params: Record<string, unknown> }[];
	};
	const summary = body.items.find(
		(i) => i.kind === 'programme_leader_summary' && i.params.days === 2
	);
	expect(summary).toBeTruthy();
	const origin = { origin: new URL(page.url()).origin };
	const bad = await page.request.post('/api/notifications/read', {
		data: { ids: ['x'] },
		headers: origin
	});
	expect(bad.status()).toBe(400);
	const ok = await page.request.post('/api/notifications/read', {
		data: { ids: [summary!.id] },
		headers: origin
	});
	expect((await ok.json()).unread).toBe(body.unread - 1);
});

test('a people list above 5,000 rows exports as a job: progress page, then the requester’s download', async ({
	page,
	browser
}) => {
	test.skip(!process.env.DATABASE_URL, 'needs this run’s database');
	test.setTimeout(120_000);
	const N = 5100;
	const sql = runDb();
	let unitId = 0;
	try {
		// a big village of its own (removed again at the end), its people assigned as publishing would
		const [county] = await sql`select id from org_units where name = '呼图壁县'`;
		[{ id: unitId }] =
			await sql`insert into org_units (parent_id, name, kind) values (${county.id}, '导出测试村', 'village') returning id`;
		await sql`insert into org_closure (ancestor_id, descendant_id, depth)
			select ancestor_id, ${unitId}::int, depth + 1 from org_closure where descendant_id = ${county.id}
			union all select ${unitId}::int, ${unitId}::int, 0`;
		await sql`
			with u as (
				insert into users (employee_no, name, unit_id, rank_level)
				select 'XL' || lpad(i::text, 5, '0'), '测试学员' || i, ${unitId}, 'general' from generate_series(1, ${N}) i
				returning id)
			insert into programme_assignments (programme_id, user_id, unit_id, status, required_total)
			select (select id from programmes where title = ${PROGRAMME}), u.id, ${unitId}, 'not_started', 2 from u`;
		await login(page, 'leader');
		const programmeId = (await sql`select id from programmes where title = ${PROGRAMME}`)[0].id;
		await page.goto(`/reports/${programmeId}/units/${unitId}`);
		await expect(page.getByRole('heading', { name: `人员名单（${N} 人）` })).toBeVisible();
		await page.getByRole('button', { name: '导出人员名单（xlsx）' }).click();
		await expect(page).toHaveURL(/\/reports\/exports\/[0-9a-f-]{36}$/);
		await expect(page.getByRole('progressbar', { name: '导出进度' })).toBeVisible();
		const link = page.getByRole('link', { name: /下载 .*导出测试村.*\.xlsx/ });
		await expect(link).toBeVisible({ timeout: 60_000 });
		await expect(page.getByRole('status')).toHaveText(`已生成 ${N} 行。`);
		const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
		const wb = new ExcelJS.Workbook();
		await wb.xlsx.readFile(await download.path());
		const ws = wb.worksheets[0];
		expect(ws.rowCount).toBe(3 + N);
		expect(String(ws.getRow(4).getCell(2).value)).toMatch(/^测试学员\d+$/);

		// another person (the demo admin) gets 404 for the same export
		const exportUrl = page.url();
		const other = await browser.newContext({ baseURL: new URL(exportUrl).origin });
		const otherPage = await other.newPage();
		await login(otherPage, 'admin');
		expect((await otherPage.goto(exportUrl))?.status()).toBe(404);
		expect((await otherPage.request.get(`${exportUrl}/download`)).status()).toBe(404);
		await other.close();
	} finally {
		if (unitId) {
			await sql`delete from users where unit_id = ${unitId}`;
			await sql`delete from org_closure where descendant_id = ${unitId}`;
			await sql`delete from programme_unit_counts where unit_id = ${unitId}`;
			await sql`delete from org_units where id = ${unitId}`;
		}
		await sql.end();
	}
});
