// Shared by the data-saving player specs: a demo lecture that is ready (the
// seed's videos transcode in the background after start), signed-in state
// for cold contexts, and byte accounting over the Chrome DevTools Protocol.
import {
	expect,
	type Browser,
	type BrowserContext,
	type CDPSession,
	type Page
} from '@playwright/test';
import { login } from './helpers';

export const DEMO_COURSE = '学习贯彻党的二十大精神';

type Ready = { href: string; state: Awaited<ReturnType<BrowserContext['storageState']>> };
const cached = new Map<string, Ready>();

/**
 * The first lesson of a demo course, once its video is ready, and a demo
 * account's signed-in state. Each test takes its own account, so no test
 * resumes where another stopped (every demo account may study).
 */
export async function readyDemoLesson(browser: Browser, account = 'learner'): Promise<Ready> {
	const hit = cached.get(account);
	if (hit) return hit;
	const context = await browser.newContext();
	const page = await context.newPage();
	await login(page, account);
	await page.goto('/courses');
	await page.getByRole('link', { name: DEMO_COURSE }).first().click();
	await expect(page).toHaveURL(/\/courses\/\d+$/);
	const link = page.locator('a[href*="/lessons/"]').first();
	await expect(async () => {
		await page.reload();
		await expect(link).toBeVisible({ timeout: 1_000 });
	}).toPass({ timeout: 720_000, intervals: [5_000] });
	const href = (await link.getAttribute('href'))!;
	// Its video element is there only when the media is ready.
	await expect(async () => {
		await page.goto(href);
		await expect(page.locator('video')).toBeVisible({ timeout: 1_000 });
	}).toPass({ timeout: 720_000, intervals: [5_000] });
	const ready = { href, state: await context.storageState() };
	cached.set(account, ready);
	await context.close();
	return ready;
}

/** Bytes received over the network (headers and bodies, as encoded on the wire) per URL. */
export class ByteMeter {
	private byRequest = new Map<string, { url: string; bytes: number; type: string }>();
	private constructor(private cdp: CDPSession) {}

	static async attach(page: Page) {
		const cdp = await page.context().newCDPSession(page);
		const meter = new ByteMeter(cdp);
		await cdp.send('Network.enable');
		cdp.on('Network.requestWillBeSent', (e) => {
			meter.byRequest.set(e.requestId, { url: e.request.url, bytes: 0, type: e.type ?? '' });
		});
		cdp.on('Network.dataReceived', (e) => {
			const r = meter.byRequest.get(e.requestId);
			if (r) r.bytes += e.encodedDataLength;
		});
		cdp.on('Network.loadingFinished', (e) => {
			// The total on the wire, headers included: replaces the running sum.
			const r = meter.byRequest.get(e.requestId);
			if (r) r.bytes = Math.max(r.bytes, e.encodedDataLength);
		});
		return meter;
	}

	get session() {
		return this.cdp;
	}

	/** Throttles the page's link (latency in ms, throughput in kbit/s). */
	async throttle(latencyMs: number, downKbps: number, upKbps = downKbps) {
		await this.cdp.send('Network.emulateNetworkConditions', {
			offline: false,
			latency: latencyMs,
			downloadThroughput: (downKbps * 1000) / 8,
			uploadThroughput: (upKbps * 1000) / 8
		});
	}

	total(filter: (url: string) => boolean = () => true) {
		let n = 0;
		for (const r of this.byRequest.values()) if (filter(r.url)) n += r.bytes;
		return n;
	}

	urls() {
		return [...this.byRequest.values()].map((r) => r.url);
	}
}

export const isSegment = (url: string) => /\/media\/[^?]+\.ts(\?|$)/.test(url);
