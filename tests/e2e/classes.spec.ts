// Offline classes end to end: an administrator creates a class with a menu
// (a lecturer found in the pool, a field teaching point) and quotas; the
// unit leader nominates within the quota (and cannot open the organiser's
// page: 404); a trainee on a 390 px phone checks in by scanning the rotating
// code with the (fake) camera, is refused an expired code, checks in to
// another session with the typed code (marked by hand and by the organiser's
// phone scanning the personal code too), rates a session; the class finishes
// and the certificate verifies at its URL (tampering shows invalid). Across
// the parts of the year's training work: the administrator also nominates a
// person from the dispatch list (调训), the trainee's archive (一人一档) shows
// the class's 学时, and the year-end statistics count the class and its
// person-time.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import config from '../../playwright.config';
import { beijing, cameraShows, database } from './class-helpers';
import { login } from './helpers';

const TITLE = '依法治理专题培训班（e2e）';
// hydrated before typing: on a loaded machine a value typed earlier is reset
async function go(page: Page, url: string) {
	await page.goto(url);
	await page.waitForLoadState('networkidle');
}

const axe = async (page: Page) =>
	(await new AxeBuilder({ page }).analyze()).violations.map(
		(v) => `${v.id}: ${v.nodes[0]?.target}`
	);

const CAMERA = path.resolve(`data/e2e-camera-${process.env.E2E_PORT ?? 4173}.y4m`);

test('a class from menu to certificate, with QR and typed check-in on a phone', async ({
	browser,
	playwright
}) => {
	test.setTimeout(600_000);
	const sql = database();
	const [pool] = await sql`
		insert into lecturers (external, name, level, organisation, topics)
		values (true, '王教授', 'region', '自治区党校', ${['基层治理', '依法治理']}) returning id`;
	await sql`insert into teaching_sites (kind, name, level) values ('point', '五工台现场教学点', 'prefecture')`;
	const [town] = await sql`select id from org_units where name = '五工台镇'`;
	const [other] = await sql`
		select u.name from users u join org_closure oc on oc.descendant_id = u.unit_id
		where oc.ancestor_id = ${town.id} and u.employee_no <> 'learner' and u.active
		order by u.id limit 1`;
	expect(pool.id).toBeGreaterThan(0);

	const admin = await (await browser.newContext()).newPage();
	await login(admin, 'admin');
	const year = beijing(0).slice(0, 4);
	const yearEnd = async (figure: string) => {
		await go(admin, `/reports/year-end?year=${year}`);
		const text = await admin.locator(`[data-figure="${figure}"] .value`).innerText();
		return Number(text.replace(/\D/g, ''));
	};
	const before = { classes: await yearEnd('classes'), personTimes: await yearEnd('person-times') };
	await go(admin, '/classes/new');
	await admin.getByLabel('主办单位').selectOption({ label: '昌吉州' });
	await admin.getByLabel('班次名称').fill(TITLE);
	await admin.getByLabel('类别', { exact: true }).selectOption({ label: '依法治理类' });
	await admin.getByLabel('开班日期').fill(beijing(0).slice(0, 10));
	await admin.getByLabel('结业日期').fill(beijing(4 * 24 * 60).slice(0, 10));
	await admin
		.getByLabel('教学基地或教学点')
		.selectOption({ label: '现场教学点 · 五工台现场教学点' });
	await admin.getByLabel('容量（人）').fill('30');
	await expect(admin.getByLabel('班次名称')).toHaveValue(TITLE);
	await admin.getByRole('button', { name: '创建班次' }).click();
	await expect(admin).toHaveURL(/\/classes\/\d+$/);
	const classId = Number(/\/classes\/(\d+)/.exec(admin.url())![1]);

	// the menu: a field-teaching session by the pool's lecturer at the point, a lecture in a room
	await go(admin, `/classes/${classId}/menu`);
	const addSession = async (s: { from: number; to: number; topic: string; kind: string }) => {
		await admin.getByLabel('开始时间').fill(beijing(s.from));
		await admin.getByLabel('结束时间').fill(beijing(s.to));
		await admin.getByLabel('专题', { exact: true }).fill(s.topic);
		await admin.getByLabel('类型').selectOption({ label: s.kind });
	};
	await addSession({ from: -10, to: 110, topic: '基层依法治理现场教学', kind: '现场教学' });
	await admin.getByLabel('从师资库选择教师').fill('基层治理');
	await admin.getByRole('button', { name: '搜索' }).click();
	await admin.getByRole('button', { name: /王教授/ }).click();
	await expect(admin.getByTestId('lecturer-chosen')).toContainText('王教授');
	await admin.getByLabel('地点', { exact: true }).selectOption({ label: '五工台现场教学点' });
	await admin.getByRole('button', { name: '添加课程' }).click();
	await expect(admin.getByRole('status')).toHaveText('已添加课程。');
	await addSession({ from: 120, to: 240, topic: '法治政府建设专题', kind: '专题讲座' });
	await admin.getByLabel('教室（文字）').fill('党校201教室');
	await admin.getByRole('button', { name: '添加课程' }).click();
	await expect(admin.getByRole('row', { name: /法治政府建设专题/ })).toBeVisible();
	// the same lecturer in an overlapping session: the database refuses, the page says why
	await addSession({ from: 60, to: 90, topic: '重叠的课', kind: '专题讲座' });
	await admin.getByLabel('从师资库选择教师').fill('王');
	await admin.getByRole('button', { name: '搜索' }).click();
	await admin.getByRole('button', { name: /王教授/ }).click();
	await admin.getByLabel('教室（文字）').fill('党校202教室');
	await admin.getByRole('button', { name: '添加课程' }).click();
	await expect(admin.getByRole('alert')).toHaveText('这位教师在这个时间已有另一节课。');
	expect(await axe(admin)).toEqual([]);
	const sessions = await sql`
		select id from class_sessions where class_id = ${classId} order by starts_at`;
	expect(sessions.length).toBe(2);

	// quota for the township, open for enrolment
	await go(admin, `/classes/${classId}/enrolment`);
	await admin.getByLabel('单位', { exact: true }).selectOption(String(town.id));
	await admin.getByLabel('名额', { exact: true }).fill('1');
	await admin.getByRole('button', { name: '设置名额' }).click();
	await expect(admin.getByText('五工台镇：已用 0 / 1')).toBeVisible();
	await go(admin, `/classes/${classId}`);
	await admin.getByRole('button', { name: '设为“报名中”' }).click();
	await expect(admin.getByRole('heading', { level: 1 })).toContainText('报名中');

	// the county leader nominates within the quota; the organiser's page is not theirs
	const leader = await (await browser.newContext()).newPage();
	await login(leader, 'leader');
	expect((await leader.goto(`/classes/${classId}`))!.status()).toBe(404);
	await go(leader, '/classes');
	await leader.getByRole('link', { name: TITLE }).click();
	await expect(leader).toHaveURL(new RegExp(`/classes/${classId}/nominate$`));
	await leader.waitForLoadState('networkidle');
	await leader.getByLabel('按姓名或工号查找').fill('刘晓燕');
	await leader.getByRole('button', { name: '搜索' }).click();
	await leader.getByLabel('刘晓燕').check();
	await leader.getByRole('button', { name: '推荐所选人员' }).click();
	await expect(leader.getByTestId('nomination-outcome')).toContainText('已报名：刘晓燕');
	await leader.getByLabel('按姓名或工号查找').fill(other.name);
	await leader.getByRole('button', { name: '搜索' }).click();
	await leader.getByLabel(other.name).first().check();
	await leader.getByRole('button', { name: '推荐所选人员' }).click();
	await expect(leader.getByTestId('nomination-outcome')).toContainText(
		'五工台镇 的名额（1 人）已用完。'
	);
	// the administrator nominates from the dispatch list (调训): a person of another township
	// (from a unit without sub-units and few people, so they are on the list's first page)
	const [picked] = await sql`
		select u.id, u.name, u.unit_id from users u
		where u.active and 'learner' = any(u.roles) and u.employee_no <> 'learner'
			and u.unit_id not in (select descendant_id from org_closure where ancestor_id = ${town.id})
			and not exists (select 1 from org_units c where c.parent_id = u.unit_id)
			and (select count(*) from users x where x.unit_id = u.unit_id and x.active) <= 40
		order by u.id limit 1`;
	await go(admin, `/dispatch?unit=${picked.unit_id}`);
	await admin.getByRole('checkbox', { name: `选择 ${picked.name}` }).check();
	await admin.getByLabel('调训到班次').selectOption(String(classId));
	await admin.getByRole('button', { name: '调训选中人员' }).click();
	await expect(admin.getByRole('status')).toContainText('已报名 1 人');
	const [dispatched] = await sql`
		select status from class_enrolments where class_id = ${classId} and user_id = ${picked.id}`;
	expect(dispatched.status).toBe('enrolled');

	await go(admin, `/classes/${classId}`);
	await admin.getByRole('button', { name: '设为“进行中”' }).click();
	await expect(admin.getByRole('heading', { level: 1 })).toContainText('进行中');

	// the trainee's phone: a browser whose camera plays a QR video
	mkdirSync('data', { recursive: true });
	await cameraShows(CAMERA, '');
	const base = config.use?.launchOptions ?? {};
	const phoneBrowser = await playwright.chromium.launch({
		...base,
		args: [
			...(base.args ?? []),
			'--use-fake-device-for-media-stream',
			'--use-fake-ui-for-media-stream',
			`--use-file-for-fake-video-capture=${CAMERA}`
		]
	});
	const phone = await (
		await phoneBrowser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true })
	).newPage();
	await login(phone, 'learner');
	await go(phone, '/my-classes');
	await phone.getByRole('link', { name: TITLE }).click();
	await phone.getByRole('link', { name: '签到', exact: true }).click();
	await phone.waitForLoadState('networkidle');
	await expect(phone.getByRole('textbox', { name: '6位签到码' })).toBeVisible(); // the fallback, before any camera
	expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
	expect(await axe(phone)).toEqual([]);
	await phone.getByLabel('课程场次').selectOption(String(sessions[0].id));

	const screen = async (sessionId: number) => {
		await go(admin, `/classes/${classId}/sessions/${sessionId}/screen`);
		return admin.getByTestId('screen-qr');
	};
	const qr = await screen(sessions[0].id);
	await cameraShows(CAMERA, (await qr.getAttribute('data-url'))!);
	await phone.getByRole('button', { name: '打开摄像头扫码' }).click();
	const result = phone.getByTestId('checkin-result');
	await expect(result).toContainText('签到成功：基层依法治理现场教学', { timeout: 20_000 });

	// the camera still shows that code; some 25 s later it has expired
	await phone.waitForTimeout(25_000);
	await phone.getByLabel('课程场次').selectOption(String(sessions[1].id));
	await phone.getByRole('button', { name: '再次扫码' }).click();
	await phone.getByRole('button', { name: '打开摄像头扫码' }).click();
	await expect(result).toContainText('签到码已过期', { timeout: 20_000 });
	await phone.getByRole('button', { name: '关闭摄像头' }).click();

	// the other session by the typed fallback
	await screen(sessions[1].id);
	const typed = (await admin.getByTestId('screen-typed').textContent())!.trim();
	await phone.getByRole('textbox', { name: '6位签到码' }).fill(typed);
	await phone.getByRole('button', { name: '签到', exact: true }).click();
	await expect(result).toContainText('签到成功：法治政府建设专题');
	const marks = await sql`
		select session_id, method from class_attendance where class_id = ${classId} order by session_id`;
	expect(marks.map((r) => r.method)).toEqual(['screen_qr', 'typed_code']);

	// by hand: the organiser marks the second session absent…
	const [me] = await sql`select id from users where employee_no = 'learner'`;
	await go(admin, `/classes/${classId}/sessions/${sessions[1].id}`);
	const row = admin.locator(`tr[data-user="${me.id}"]`);
	await row.getByRole('button', { name: '缺勤' }).click();
	await expect(row.getByTestId('att-status')).toHaveText('缺勤');
	// …then scans the trainee's personal code (一人一码) with the organiser's phone: present
	await go(phone, `/my-classes/${classId}/code`);
	const personal = (await phone.getByTestId('personal-qr').getAttribute('data-code'))!;
	await cameraShows(CAMERA, personal);
	const organiserPhone = await (
		await phoneBrowser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true })
	).newPage();
	await login(organiserPhone, 'admin');
	await go(organiserPhone, `/classes/${classId}/sessions/${sessions[1].id}/scan`);
	await organiserPhone.getByRole('button', { name: '打开摄像头扫码' }).click();
	await expect(organiserPhone.getByRole('status')).toHaveText('刘晓燕：出勤', { timeout: 20_000 });
	const [scanned] = await sql`
		select status, method from class_attendance where session_id = ${sessions[1].id} and user_id = ${me.id}`;
	expect(scanned).toEqual({ status: 'present', method: 'personal_code' });

	// rating the first session
	await go(phone, `/my-classes/${classId}`);
	const card = phone.locator(`li[data-session="${sessions[0].id}"]`);
	await card.getByText('评价本课').click();
	await card.getByRole('group', { name: '课程评分（1–5）' }).getByLabel('5').check();
	await card.getByRole('group', { name: '教师评分（1–5）' }).getByLabel('4').check();
	await card.getByLabel('意见建议（选填）').fill('现场教学很生动');
	await card.getByRole('button', { name: '提交评价' }).click();
	await expect(card.getByRole('status')).toHaveText('已评价，谢谢！');

	// finish: the trainee completes, the certificate verifies
	await go(admin, `/classes/${classId}`);
	await admin.getByRole('button', { name: '结业', exact: true }).click();
	await expect(admin.getByRole('status')).toContainText('1 人结业');
	await expect(admin.locator(`tr[data-session="${sessions[0].id}"]`)).toContainText(
		'现场教学很生动'
	);
	await go(phone, `/my-classes/${classId}`);
	const download = phone.waitForEvent('download');
	await phone.getByRole('link', { name: '下载证书（PDF）' }).click();
	const pdfPath = `${CAMERA}.pdf`;
	await (await download).saveAs(pdfPath);
	const verifyPath = (await phone.getByRole('link', { name: '验证页面' }).getAttribute('href'))!;
	const pdfText = execFileSync('pdftotext', [pdfPath, '-']).toString();
	expect(pdfText.replace(/\s+/g, '')).toContain(verifyPath.replace(/\s+/g, ''));
	const anyone = await (await browser.newContext()).newPage();
	await anyone.goto(verifyPath);
	await expect(anyone.getByTestId('verify-result')).toHaveAttribute('data-valid', 'true');
	await expect(anyone.getByText('刘晓燕')).toBeVisible();
	await anyone.goto(verifyPath.replace(/s=./, (s) => (s.endsWith('A') ? 's=B' : 's=A')));
	await expect(anyone.getByTestId('verify-result')).toHaveAttribute('data-valid', 'false');

	// the trainee's archive shows the class and the 学时 it earned (finishClass wrote them)
	const [earned] = await sql`
		select hours::float8 as hours from credit_ledger_valid
		where user_id = ${me.id} and source = 'offline' and source_id = ${String(classId)}`;
	expect(earned.hours).toBeGreaterThan(0);
	await go(phone, `/archive?year=${year}`);
	const history = phone.getByTestId('archive-history').locator('li', { hasText: TITLE });
	await expect(history).toContainText(`${earned.hours}`);
	// the year-end statistics count the class and the trainee's person-time
	expect(await yearEnd('classes')).toBe(before.classes + 1);
	expect(await yearEnd('person-times')).toBe(before.personTimes + 1);
	await phoneBrowser.close();
	await sql.end();
});
