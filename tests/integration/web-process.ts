// The real web process for the operations tests: the production build
// (`npm start`'s server/index.js, built here when stale, one build at a time
// across test files) on a database of its own, with a signed-in user.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmdirSync, statSync } from 'node:fs';
import postgres from 'postgres';
import { clientOptions } from '../../src/lib/server/db/index.ts';
import { hashPassword } from '../../src/lib/server/auth/passwords.ts';
import { buildIfStale } from '../../scripts/build-if-stale.js';

const LOCK = 'data/.ops-test-build-lock';

/** Builds the app once, whichever test file gets here first (the others wait). */
export async function ensureBuild() {
	mkdirSync('data', { recursive: true });
	for (;;) {
		try {
			mkdirSync(LOCK);
			break;
		} catch {
			// A lock left by a killed run is stale after 10 minutes.
			if (Date.now() - statSync(LOCK).mtimeMs > 600_000) rmdirSync(LOCK);
			await new Promise((r) => setTimeout(r, 1000));
		}
	}
	try {
		if (!buildIfStale({ stdio: 'ignore' })) throw new Error('npm run build failed');
	} finally {
		rmdirSync(LOCK);
	}
}

/** A fresh database on DATABASE_URL's server; `drop()` removes it. */
export async function freshDatabase(tag: string) {
	const name = `xuefan_${tag}_${randomBytes(4).toString('hex')}`;
	const admin = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
	await admin.unsafe(`create database ${name}`);
	await admin.end();
	const url = new URL(process.env.DATABASE_URL!);
	url.pathname = `/${name}`;
	return {
		url: url.toString(),
		async drop() {
			const a = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
			await a.unsafe(`drop database if exists ${name} with (force)`);
			await a.end();
		}
	};
}

export interface WebProcess {
	child: ChildProcess;
	port: number;
	/** everything it wrote (stdout and stderr) */
	log(): string;
	exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
	base: string;
}

/** Starts server/index.js and resolves once it listens (migrations applied). */
export function startWeb(env: Record<string, string>, port: number): Promise<WebProcess> {
	const clean = Object.fromEntries(
		Object.entries(process.env).filter(([k]) => !/^(XUEFAN_|ORIGIN|REDIS_URL|PORT$|HOST$)/.test(k))
	);
	const child = spawn(process.execPath, ['server/index.js'], {
		env: {
			...clean,
			PORT: String(port),
			HOST: '127.0.0.1',
			XUEFAN_MEDIA_DIR: process.env.XUEFAN_MEDIA_DIR ?? 'data/test-media',
			XUEFAN_NO_SEED: '1',
			...env
		},
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let out = '';
	child.stdout!.on('data', (d) => (out += d));
	child.stderr!.on('data', (d) => (out += d));
	const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) =>
		child.once('exit', (code, signal) => r({ code, signal }))
	);
	const web: WebProcess = {
		child,
		port,
		log: () => out,
		exited,
		base: `http://127.0.0.1:${port}`
	};
	return new Promise((resolve, reject) => {
		const timer = setInterval(() => {
			if (out.includes('listening on')) {
				clearInterval(timer);
				resolve(web);
			}
		}, 100);
		void exited.then(({ code }) => {
			clearInterval(timer);
			reject(new Error(`web process exited (${code}):\n${out.slice(-3000)}`));
		});
	});
}

export async function stopWeb(web: WebProcess | undefined) {
	if (!web || web.child.exitCode !== null || web.child.signalCode !== null) return;
	web.child.kill('SIGKILL');
	await web.exited;
}

/** A client on the database the web process uses (tables exist once it listens). */
export const connect = (url: string) => postgres(url, { ...clientOptions, max: 4 });

/** Sets `password` on the user and signs in through the real login form; returns the session cookie. */
export async function signIn(
	sql: postgres.Sql,
	web: WebProcess,
	user: { id: number; employeeNo?: string },
	password: string,
	requestId: string
): Promise<{ cookie: string; token: string }> {
	const [row] = await sql`
		update users set password_hash = ${await hashPassword(password)}, must_change_password = false
		where id = ${user.id} returning employee_no`;
	const res = await fetch(`${web.base}/login`, {
		method: 'POST',
		redirect: 'manual',
		headers: {
			origin: web.base,
			accept: 'text/html',
			'content-type': 'application/x-www-form-urlencoded',
			'x-request-id': requestId
		},
		body: new URLSearchParams({ employeeNo: row.employee_no, password, next: '/' })
	});
	const set = res.headers.get('set-cookie') ?? '';
	const token = /session=([^;]+)/.exec(set)?.[1];
	if (res.status !== 303 || !token) throw new Error(`login: ${res.status} ${set}`);
	return { cookie: `session=${token}`, token };
}
