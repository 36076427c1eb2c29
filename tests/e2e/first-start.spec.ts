// A new user's first start, exactly as the README says: `npm start` with no
// configuration (no ORIGIN, no HOST, no DATABASE_URL: the embedded default
// with its demo data), then sign-in in a real browser over plain http — at
// the banner's http://localhost:PORT and at an intranet host name that is not
// a secure context — one form and one JSON endpoint, and a cross-site POST
// refused. Only PORT (so as not to clash with a running app) and a fresh data
// dir are chosen, as the README's configuration table allows.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, expect, test, type Browser, type Page } from '@playwright/test';
import { DEMO_PASSWORD } from './helpers';

const PORT = 4300 + Math.floor(Math.random() * 500);
const INTRANET = 'study.county.local';
let app: ChildProcess;
let dataDir: string;
let banner = '';

test.describe.configure({ mode: 'serial', timeout: 180_000 });

test.beforeAll(async () => {
	test.setTimeout(180_000);
	dataDir = mkdtempSync(path.join(tmpdir(), 'xuefan-first-start-'));
	// What a user's shell has: nothing of the project's configuration.
	const env = Object.fromEntries(
		Object.entries(process.env).filter(
			([k]) => !/^(DATABASE_URL|ORIGIN|HOST|PROTOCOL_HEADER|HOST_HEADER|XUEFAN_|E2E_)/.test(k)
		)
	);
	app = spawn('npm', ['start'], {
		env: { ...env, PORT: String(PORT), XUEFAN_DATA_DIR: dataDir },
		detached: true,
		stdio: ['ignore', 'pipe', 'pipe']
	});
	app.stdout!.on('data', (d) => (banner += d));
	app.stderr!.on('data', (d) => (banner += d));
	await expect.poll(() => banner, { timeout: 150_000, intervals: [500] }).toMatch(/listening on /);
});

test.afterAll(async () => {
	if (app?.pid) {
		process.kill(-app.pid, 'SIGTERM');
		await new Promise((r) => (app.exitCode !== null ? r(null) : app.once('exit', r)));
	}
	rmSync(dataDir, { recursive: true, force: true });
});

async function signInAndUse(page: Page, base: string) {
	await page.goto(`${base}/login`);
	await page.getByLabel('工号').fill('learner');
	await page.getByLabel('密码').fill(DEMO_PASSWORD);
	await page.getByRole('button', { name: '登录' }).click();
	await expect(page).toHaveURL(`${base}/`);
	const [cookie] = (await page.context().cookies()).filter((c) => c.name === 'session');
	expect(cookie?.secure).toBe(false);
	// One form: the language switch (a plain POST form).
	const before = await page.locator('html').getAttribute('lang');
	await page.locator('form[action="/locale"] button').first().click();
	await expect(page.locator('html')).toHaveAttribute('lang', before === 'en' ? 'zh-CN' : 'en');
	// One JSON endpoint, from the page as the app's own code calls it.
	const answer = await page.evaluate(async () => {
		const r = await fetch('/api/notifications/read', {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ all: true })
		});
		return { status: r.status, body: await r.json() };
	});
	expect(answer).toEqual({ status: 200, body: { unread: 0 } });
}

test('the banner names a URL that works: sign in at http://localhost:PORT', async ({ page }) => {
	expect(banner).toContain(`http://localhost:${PORT}`);
	await signInAndUse(page, `http://localhost:${PORT}`);
});

test('an intranet host name over plain http (not a secure context) works too; a cross-site POST is refused', async () => {
	const browser: Browser = await chromium.launch({
		executablePath: test.info().project.use.launchOptions?.executablePath,
		args: [
			...(test.info().project.use.launchOptions?.args ?? []),
			`--host-resolver-rules=MAP ${INTRANET} 127.0.0.1`
		]
	});
	try {
		const page = await browser.newPage({ locale: 'zh-CN' });
		const base = `http://${INTRANET}:${PORT}`;
		await page.goto(`${base}/login`);
		expect(await page.evaluate(() => window.isSecureContext)).toBe(false);
		await signInAndUse(page, base);
		// A page of another origin (here: the same server under localhost) posts a form to this one.
		const foreign = await browser.newPage();
		await foreign.goto(`http://localhost:${PORT}/login`);
		const refused = foreign.waitForResponse((r) => r.url().startsWith(`${base}/logout`));
		await foreign.evaluate((action) => {
			const form = Object.assign(document.createElement('form'), { method: 'POST', action });
			document.body.append(form);
			form.submit();
		}, `${base}/logout`);
		expect((await refused).status()).toBe(403);
		// Still signed in on the intranet name: the forged sign-out did nothing.
		await page.goto(`${base}/`);
		await expect(page).toHaveURL(`${base}/`);
	} finally {
		await browser.close();
	}
});
