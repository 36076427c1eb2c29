// Starts the production build for the e2e run on a database of its own:
// a fresh database on DATABASE_URL's server (CI), else a fresh embedded data dir.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, openSync, rmSync, writeFileSync } from 'node:fs';
import postgres from 'postgres';

// Outside test-results/, which Playwright empties at the start of a run.
// Per port, so e2e runs on different ports can share a checkout.
const E2E_PORT = Number(process.env.E2E_PORT ?? 4173);
export const STATE_FILE = `data/e2e-state-${E2E_PORT}.json`;
const LOG_FILE = `data/e2e-server-${E2E_PORT}.log`;
/** What the server's logging SMS provider "sends" (催学 reminders). */
export const SMS_LOG = `data/e2e-sms-${E2E_PORT}.log`;

export default async function globalSetup() {
	const port = E2E_PORT;
	const env: NodeJS.ProcessEnv = {
		...process.env,
		PORT: String(port),
		HOST: '127.0.0.1',
		XUEFAN_SMS_PROVIDER: 'log',
		XUEFAN_SMS_LOG: SMS_LOG
	};
	const state: { pid?: number; database?: string; dataDir?: string } = {};
	mkdirSync('data', { recursive: true });
	rmSync(SMS_LOG, { force: true });
	const save = () => writeFileSync(STATE_FILE, JSON.stringify(state));

	if (process.env.DATABASE_URL) {
		const name = `xuefan_e2e_${randomBytes(4).toString('hex')}`;
		const admin = postgres(process.env.DATABASE_URL, { max: 1, onnotice: () => {} });
		await admin.unsafe(`create database ${name}`);
		await admin.end();
		const url = new URL(process.env.DATABASE_URL);
		url.pathname = `/${name}`;
		env.DATABASE_URL = url.toString();
		state.database = name;
		save();
		// Against a real server nothing is seeded unless asked: ask.
		const seeded = spawnSync('npx', ['tsx', 'scripts/seed.ts', '--scale', 'demo'], {
			env,
			stdio: 'inherit'
		});
		if (seeded.status !== 0) throw new Error('seeding the e2e database failed');
	} else {
		state.dataDir = `data/e2e-${randomBytes(4).toString('hex')}`;
		env.XUEFAN_DATA_DIR = state.dataDir;
		env.XUEFAN_PG_PORT = String(54400 + Math.floor(Math.random() * 500));
	}

	// The server's output goes to a file: an inherited pipe would keep the
	// caller's stdout open after the run.
	const log = openSync(LOG_FILE, 'w');
	const server = spawn('node', ['server/index.js'], {
		env,
		stdio: ['ignore', log, log],
		detached: true
	});
	state.pid = server.pid;
	server.unref();
	save();

	const deadline = Date.now() + 60_000;
	while (Date.now() < deadline) {
		if (server.exitCode !== null)
			throw new Error(`the app exited with ${server.exitCode}; see ${LOG_FILE}`);
		try {
			const res = await fetch(`http://127.0.0.1:${port}/login`);
			if (res.ok) return;
		} catch {
			// not listening yet
		}
		await new Promise((r) => setTimeout(r, 250));
	}
	throw new Error(`the app did not answer /login within 60 s; see ${LOG_FILE}`);
}
