// 统一身份认证登录 in a real browser against a real oidc-provider on
// E2E_PORT + 1 (4371 beside 4370). The app must be started configured for it:
//   XUEFAN_OIDC_ISSUER=http://127.0.0.1:4371 XUEFAN_OIDC_CLIENT_ID=xuefan-test \
//   XUEFAN_OIDC_CLIENT_SECRET=a-test-client-secret-of-some-length E2E_PORT=4370 \
//   npx playwright test tests/e2e/sso.spec.ts
// Without that configuration the button is absent and the spec says so (skips).
import { expect, test } from '@playwright/test';
import { CLIENT_ID, startProvider } from '../support/oidc-provider';

const APP_PORT = Number(process.env.E2E_PORT ?? 4173);
const PROVIDER_PORT = APP_PORT + 1;
let provider: Awaited<ReturnType<typeof startProvider>> | undefined;

test.beforeAll(async () => {
	provider = await startProvider(PROVIDER_PORT, [
		`http://127.0.0.1:${APP_PORT}/login/sso/callback`
	]);
});
test.afterAll(async () => {
	await provider?.stop();
});

const configured = () =>
	process.env.XUEFAN_OIDC_ISSUER === `http://127.0.0.1:${PROVIDER_PORT}` &&
	process.env.XUEFAN_OIDC_CLIENT_ID === CLIENT_ID;

test('a demo person signs in through the provider and out again', async ({ page }) => {
	test.skip(!configured(), 'the app was not started with XUEFAN_OIDC_* for this provider');
	await page.goto('/login');
	await page.getByRole('link', { name: '统一身份认证登录' }).click();
	// The provider's own development sign-in page, then its consent page.
	await expect(page).toHaveURL(new RegExp(`^http://127.0.0.1:${PROVIDER_PORT}/interaction/`));
	await page.locator('input[name="login"]').fill('learner');
	await page.locator('input[name="password"]').fill('anything');
	await page.locator('button[type="submit"]').click();
	await page.locator('button[type="submit"]').click(); // consent
	await expect(page).toHaveURL(`http://127.0.0.1:${APP_PORT}/`);
	await expect(page.locator('#main-nav')).toBeVisible();
	// Logout ends the Xuefan session.
	await page.goto('/logout');
	await page.getByRole('button', { name: '退出登录', exact: true }).click();
	await expect(page).toHaveURL(/\/login$/);
	await page.goto('/tasks');
	await expect(page).toHaveURL(/\/login\?next=/);
});

test('a tampered state is refused with a clear page', async ({ page }) => {
	test.skip(!configured(), 'the app was not started with XUEFAN_OIDC_* for this provider');
	await page.goto('/login');
	await page.getByRole('link', { name: '统一身份认证登录' }).click();
	await expect(page).toHaveURL(new RegExp(`^http://127.0.0.1:${PROVIDER_PORT}/`));
	// Back at the callback with a state this browser never sent.
	const res = await page.goto('/login/sso/callback?code=forged-code&state=forged-state');
	expect(res?.status()).toBe(403);
	await expect(page.getByRole('alert')).toContainText('未通过安全校验');
	await page.goto('/tasks');
	await expect(page).toHaveURL(/\/login\?next=/);
});

test('an unknown person is refused with a page naming their employee number', async ({ page }) => {
	test.skip(!configured(), 'the app was not started with XUEFAN_OIDC_* for this provider');
	await page.goto('/login');
	await page.getByRole('link', { name: '统一身份认证登录' }).click();
	await page.locator('input[name="login"]').fill('NOT_IN_ROSTER_1');
	await page.locator('input[name="password"]').fill('anything');
	await page.locator('button[type="submit"]').click();
	await page.locator('button[type="submit"]').click();
	await expect(page.getByRole('alert')).toContainText('NOT_IN_ROSTER_1');
	await expect(page.getByRole('alert')).toContainText('没有这个工号的人员');
});
