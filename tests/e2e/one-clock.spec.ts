// One clock (issue 14): the same pages — the live list, the notification
// centre, the learner's tasks, a live session's page and a programme report —
// read by browsers whose device zone is UTC or Asia/Urumqi (UTC+6, common in
// Xinjiang) show identical dates and times, all in Beijing time and labelled
// so, in Chinese and in English; a deadline day is the same day on the tasks
// page and in the report.
import { expect, test, type Browser, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import postgres from 'postgres';
import { STATE_FILE } from './global-setup';
import { DEMO_PASSWORD } from './helpers';

const BASE = `http://127.0.0.1:${Number(process.env.E2E_PORT ?? 4173)}`;

function database() {
	const state = JSON.parse(readFileSync(STATE_FILE, 'utf8')) as { database: string };
	const url = new URL(process.env.DATABASE_URL!);
	url.pathname = `/${state.database}`;
	return postgres(url.toString(), { max: 1, onnotice: () => {} });
}

const pad = (n: number) => String(n).padStart(2, '0');
// A session three days ahead at 19:20 Beijing time (UTC+8, no DST): 11:20 UTC.
const d = new Date(Date.now() + 3 * 86_400_000 + 8 * 3600_000);
const DAY = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
const STARTS = new Date(`${DAY}T11:20:00Z`);
const SESSION_TIME = /\d{1,2}:\d{2}/;
const NOTIFIED = new Date(STARTS.getTime() - 15 * 60_000); // 19:05 Beijing
const SESSION = `一个时钟直播 ${Math.random().toString(36).slice(2, 7)}`;
const PROGRAMME = `一个时钟专题 ${Math.random().toString(36).slice(2, 7)}`;
// The deadline day 2026-12-22 ends at 2026-12-22 24:00 Beijing time.
const DEADLINE = new Date('2026-12-22T16:00:00Z');

let sessionId: number;
let programmeId: number;

test.beforeAll(async () => {
	const sql = database();
	try {
		const [learner] = await sql`select id, unit_id from users where employee_no = 'learner'`;
		const [lecturer] = await sql`select id from users where employee_no = 'lecturer'`;
		const [s] = await sql`
			insert into live_sessions (title, lecturer_id, starts_at, expected_minutes, stream_key)
			values (${SESSION}, ${lecturer.id}, ${STARTS}, 45, ${'k' + Math.random().toString(36).slice(2)})
			returning id`;
		sessionId = s.id;
		await sql`insert into live_session_units (session_id, unit_id) values (${s.id}, ${learner.unit_id})`;
		await sql`
			insert into notifications (user_id, kind, params, link, created_at)
			values (${learner.id}, 'live_starting',
				${sql.json({ title: SESSION, startsAt: STARTS.toISOString(), sessionId: s.id })},
				${'/live/' + s.id}, ${NOTIFIED})`;
		const [p] = await sql`
			insert into programmes (title, status, starts_at, deadline, published_at)
			values (${PROGRAMME}, 'published', now() - interval '2 days', ${DEADLINE}, now()) returning id`;
		programmeId = p.id;
		await sql`
			insert into programme_assignments (programme_id, user_id, unit_id, status, required_total)
			values (${p.id}, ${learner.id}, ${learner.unit_id}, 'not_started', 0)`;
	} finally {
		await sql.end();
	}
});

async function signIn(page: Page, employeeNo: string) {
	// Signing in applies the account's saved language (an earlier spec may have
	// saved one); these pages are read in the language this context chose.
	const chosen = (await page.context().cookies(BASE)).find((c) => c.name === 'PARAGLIDE_LOCALE');
	await page.goto('/login');
	await page.locator('input[name="employeeNo"]').fill(employeeNo);
	await page.locator('input[name="password"]').fill(DEMO_PASSWORD);
	await page.locator('main form button').click();
	await expect(page).not.toHaveURL(/\/login/);
	// Hydrated first: paraglide's client runtime writes the cookie it read at
	// start-up, and a stale read landing after ours put the account's one back.
	await page.waitForLoadState('networkidle');
	if (chosen) {
		await page.context().addCookies([{ name: chosen.name, value: chosen.value, url: BASE }]);
		await page.reload();
	}
}

/** What the pages show, read in a browser with the given device zone and language. */
async function context(browser: Browser, timezoneId: string, locale: string) {
	const ctx = await browser.newContext({ timezoneId, locale });
	// the UI language as the language switch leaves it (the account's saved one untouched)
	await ctx.addCookies([{ name: 'PARAGLIDE_LOCALE', value: locale, url: BASE }]);
	return ctx;
}

async function read(browser: Browser, timezoneId: string, locale: string) {
	const learner = await context(browser, timezoneId, locale);
	const page = await learner.newPage();
	await signIn(page, 'learner');
	expect(await page.locator('html').getAttribute('lang')).toBe(locale);
	// the device zone really is the one asked for
	expect(await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone)).toBe(
		timezoneId
	);
	await page.goto('/live');
	const live = (await page.locator('li', { hasText: SESSION }).innerText()).trim();
	await page.goto(`/live/${sessionId}`);
	// the lines with a time (the room's connection status comes and goes)
	await expect(page.locator('main p').filter({ hasText: SESSION_TIME }).first()).toBeVisible();
	const session = (
		await page.locator('main p').filter({ hasText: SESSION_TIME }).allInnerTexts()
	).join('\n');
	await page.goto('/notifications');
	const notification = (await page.locator('li', { hasText: SESSION }).innerText()).trim();
	await page.goto('/tasks');
	const task = (await page.getByTestId('task').filter({ hasText: PROGRAMME }).innerText()).trim();
	await learner.close();

	const admin = await context(browser, timezoneId, locale);
	const ap = await admin.newPage();
	await signIn(ap, 'admin');
	await ap.goto(`/reports/${programmeId}`);
	// its lines with a date or a time, but not when the data was read (数据截至…: the moment of this reading)
	const report = (await ap.locator('main').innerText())
		.split('\n')
		.filter((l) => /\d{4}-\d{2}-\d{2}|\d:\d{2}/.test(l))
		.filter((l) => !/^(数据截至|Data as of) /.test(l))
		.join('\n');
	await admin.close();
	return { live, session, notification, task, report };
}

for (const locale of ['zh-CN', 'en'] as const) {
	test(`the same times in UTC and Asia/Urumqi, Beijing time, in ${locale}`, async ({ browser }) => {
		const utc = await read(browser, 'UTC', locale);
		const urumqi = await read(browser, 'Asia/Urumqi', locale);
		expect(urumqi).toEqual(utc);

		const zone = locale === 'en' ? 'Beijing time' : '北京时间';
		const labelled = (t: string) => (locale === 'en' ? `${t} (${zone})` : `${t}（${zone}）`);
		// live list and session page: 19:20, labelled (never 11:20 or 17:20)
		expect(utc.live).toContain(labelled(`${DAY} 19:20`));
		expect(utc.session).toContain('19:20');
		expect(utc.session).toContain(zone);
		// the notification's text and its date, in the reader's language
		expect(utc.notification).toContain(labelled('19:20'));
		expect(utc.notification).toContain('19:05');
		if (locale === 'en') {
			expect(utc.notification).toContain('starts at');
			expect(utc.notification).not.toMatch(/[年月日]/);
		} else expect(utc.notification).toMatch(/\d{4}年\d{1,2}月\d{1,2}日/);
		// one deadline rule: the day itself, on the tasks page and in the report
		expect(utc.task).toContain(labelled('2026-12-22'));
		expect(utc.report).toContain(labelled('2026-12-22'));
		expect(utc.report).not.toContain('2026-12-23');
	});
}
