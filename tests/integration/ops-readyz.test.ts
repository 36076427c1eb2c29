// /readyz of a real web process (server/index.js) follows its PostgreSQL: a
// private server started here (initdb + pg_ctl in a temp dir, as the
// `postgres` user, port 4355) is stopped — /readyz turns 503 naming the
// database while /healthz stays 200 and the process stays up — and started
// again: /readyz comes back to 200 without a restart of the app. The
// metrics port answers the same probes.
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ensureBuild, startWeb, stopWeb, type WebProcess } from './web-process';

const BIN = '/usr/lib/postgresql/15/bin';
const PG_PORT = 4355;
const dir = mkdtempSync(path.join(tmpdir(), 'xuefan-readyz-'));
const data = path.join(dir, 'pg');
let web: WebProcess | undefined;

/** Runs a PostgreSQL binary as the postgres user (initdb refuses root). */
function pg(bin: string, args: string[]) {
	const asRoot = process.getuid?.() === 0;
	const cmd = asRoot ? 'runuser' : path.join(BIN, bin);
	const argv = asRoot ? ['-u', 'postgres', '--', path.join(BIN, bin), ...args] : args;
	return execFileSync(cmd, argv, { stdio: 'pipe', timeout: 60_000 }).toString();
}
const start = () =>
	pg('pg_ctl', [
		'-D',
		data,
		'-l',
		path.join(dir, 'pg.log'),
		'-o',
		`-p ${PG_PORT} -k ${dir} -c listen_addresses=127.0.0.1`,
		'-w',
		'start'
	]);
const stop = () => pg('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);

async function probe(p: string, port = web!.port) {
	const res = await fetch(`http://127.0.0.1:${port}${p}`);
	return { status: res.status, body: await res.json() };
}
async function until(check: () => Promise<boolean>, ms: number, what: string) {
	const end = Date.now() + ms;
	while (Date.now() < end) {
		if (await check().catch(() => false)) return;
		await new Promise((r) => setTimeout(r, 250));
	}
	throw new Error(`timed out: ${what}`);
}

beforeAll(async () => {
	await ensureBuild();
	if (process.getuid?.() === 0) {
		chmodSync(dir, 0o755);
		const uid = Number(execFileSync('id', ['-u', 'postgres']).toString());
		const gid = Number(execFileSync('id', ['-g', 'postgres']).toString());
		chownSync(dir, uid, gid);
	}
	pg('initdb', ['-D', data, '-U', 'xuefan', '--auth=trust', '-E', 'UTF8', '--no-sync']);
	start();
	web = await startWeb(
		{
			DATABASE_URL: `postgres://xuefan@127.0.0.1:${PG_PORT}/postgres`,
			XUEFAN_METRICS_PORT: '4356'
		},
		4357
	);
}, 600_000);

afterAll(async () => {
	await stopWeb(web);
	try {
		stop();
	} catch {
		// already stopped
	}
	rmSync(dir, { recursive: true, force: true });
}, 60_000);

it('/readyz: 503 while PostgreSQL is down, 200 again once it is back; /healthz stays 200', async () => {
	const ready = await probe('/readyz');
	expect(ready.status).toBe(200);
	expect(ready.body.checks).toEqual({ database: 'ok', migrations: 'ok', jobs: 'ok' });
	expect((await probe('/readyz', 4356)).status).toBe(200);

	stop();
	await until(async () => (await probe('/readyz')).status === 503, 15_000, '/readyz unready');
	const down = await probe('/readyz');
	expect(down.body.ready).toBe(false);
	expect(down.body.checks.database).not.toBe('ok');
	expect((await probe('/readyz', 4356)).status).toBe(503);
	expect((await probe('/healthz')).status).toBe(200);
	// Still unready a few seconds on (not a flap), and the process is still up.
	await new Promise((r) => setTimeout(r, 3000));
	expect((await probe('/readyz')).status).toBe(503);
	expect(web!.child.exitCode).toBeNull();

	start();
	await until(async () => (await probe('/readyz')).status === 200, 30_000, '/readyz ready again');
	expect((await probe('/readyz')).body.checks.database).toBe('ok');
}, 120_000);
