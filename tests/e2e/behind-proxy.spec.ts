// Behind a TLS-terminating proxy that the operator declared (adapter-node's
// PROTOCOL_HEADER / HOST_HEADER): the session cookie is Secure and the CSRF
// check compares against the public https origin the proxy reports, while a
// client that forges those headers without the configuration gets nothing.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, request, test, type APIRequestContext } from '@playwright/test';
import { DEMO_PASSWORD } from './helpers';

const PORT = 4800 + Math.floor(Math.random() * 500);
const PUBLIC = 'https://study.example.org';
let app: ChildProcess;
let dataDir: string;
let log = '';
let api: APIRequestContext;

test.describe.configure({ mode: 'serial', timeout: 180_000 });

test.beforeAll(async () => {
	test.setTimeout(180_000);
	dataDir = mkdtempSync(path.join(tmpdir(), 'xuefan-proxy-'));
	const env = Object.fromEntries(
		Object.entries(process.env).filter(([k]) => !/^(DATABASE_URL|ORIGIN|XUEFAN_|E2E_)/.test(k))
	);
	app = spawn('node', ['server/index.js'], {
		env: {
			...env,
			PORT: String(PORT),
			HOST: '127.0.0.1',
			XUEFAN_DATA_DIR: dataDir,
			PROTOCOL_HEADER: 'x-forwarded-proto',
			HOST_HEADER: 'x-forwarded-host'
		},
		detached: true,
		stdio: ['ignore', 'pipe', 'pipe']
	});
	app.stdout!.on('data', (d) => (log += d));
	app.stderr!.on('data', (d) => (log += d));
	await expect.poll(() => log, { timeout: 150_000, intervals: [500] }).toMatch(/listening on /);
	api = await request.newContext({ baseURL: `http://127.0.0.1:${PORT}`, maxRedirects: 0 });
});

test.afterAll(async () => {
	await api?.dispose();
	if (app?.pid) {
		process.kill(-app.pid, 'SIGTERM');
		await new Promise((r) => (app.exitCode !== null ? r(null) : app.once('exit', r)));
	}
	rmSync(dataDir, { recursive: true, force: true });
});

const signIn = (headers: Record<string, string>) =>
	api.post('/login', {
		headers: { accept: 'text/html', ...headers },
		form: { employeeNo: 'learner', password: DEMO_PASSWORD, next: '/' }
	});

test('the proxy says https: Secure cookie, CSRF against the public origin', async () => {
	const proxied = { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'study.example.org' };
	const ok = await signIn({ ...proxied, origin: PUBLIC });
	expect(ok.status()).toBe(303);
	expect(ok.headers()['set-cookie']).toMatch(/session=[^;]+;.*Secure/);
	// The plain-http origin of the machine behind the proxy is foreign to the public one.
	expect((await signIn({ ...proxied, origin: `http://127.0.0.1:${PORT}` })).status()).toBe(403);
	// Straight to the instance, no proxy headers: its own http origin, no Secure.
	const direct = await signIn({ origin: `http://127.0.0.1:${PORT}` });
	expect(direct.status()).toBe(303);
	expect(direct.headers()['set-cookie']).not.toMatch(/Secure/);
});
