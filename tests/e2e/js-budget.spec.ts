// The learner lesson page's JavaScript budget: a cold load (empty cache,
// signed in) fetches at most 100 KB of JavaScript, brotli-compressed, before
// play; the player library (hls.js) comes only when the learner presses play.
import { expect, test, type Response } from '@playwright/test';
import { brotliCompressSync, constants } from 'node:zlib';
import { readyDemoLesson } from './player-helpers';

const BUDGET_BYTES = 100_000;

const isScript = (r: Response) =>
	r.request().resourceType() === 'script' ||
	/javascript/.test(r.headers()['content-type'] ?? '') ||
	/\.m?js(\?|$)/.test(new URL(r.url()).pathname);

const brotli = (body: Buffer) =>
	brotliCompressSync(body, {
		params: {
			[constants.BROTLI_PARAM_QUALITY]: 11,
			[constants.BROTLI_PARAM_SIZE_HINT]: body.length
		}
	}).length;

test('a cold load of the lesson page ships ≤ 100 KB of brotli JavaScript before play; hls.js only on play', async ({
	browser
}) => {
	test.setTimeout(900_000);
	const { href, state } = await readyDemoLesson(browser);
	const context = await browser.newContext({ storageState: state }); // a fresh cache
	const page = await context.newPage();
	const scripts: { url: string; body: Promise<Buffer> }[] = [];
	page.on('response', (r) => {
		if (isScript(r)) scripts.push({ url: r.url(), body: r.body() });
	});
	await page.goto(href, { waitUntil: 'networkidle' });
	await expect(page.locator('video')).toBeVisible();
	// What is fetched by then is the page's; nothing more comes while it waits.
	await page.waitForTimeout(2_000);
	const beforePlay = [...scripts];
	const sizes = await Promise.all(
		beforePlay.map(async (s) => ({ url: s.url, br: brotli(await s.body) }))
	);
	const total = sizes.reduce((n, s) => n + s.br, 0);
	console.log(
		`lesson page cold load: ${sizes.length} scripts, ${total} B brotli\n` +
			sizes
				.sort((a, b) => b.br - a.br)
				.map((s) => `  ${s.br}\t${new URL(s.url).pathname}`)
				.join('\n')
	);
	expect(sizes.length).toBeGreaterThan(0);
	expect(total).toBeLessThanOrEqual(BUDGET_BYTES);

	// Pressing play is what brings the player library.
	const before = scripts.length;
	await page.getByRole('button', { name: /播放/ }).first().click();
	await expect.poll(() => page.locator('video').getAttribute('data-engine')).toBe('hls.js');
	expect(scripts.length).toBeGreaterThan(before);
	await context.close();
});
