// Helpers for the operator scripts (seed, create-admin, migrate).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { openDatabase, type Database } from '../db/index.ts';

/**
 * The pid of a live process that owns the embedded PostgreSQL in `dataDir`
 * (a running Xuefan), or null. Opening the embedded database from a script
 * would stop that server under the running app, so scripts refuse instead.
 * A postmaster whose parent is gone (after a kill -9) is an orphan: not in use.
 */
export function embeddedOwner(dataDir: string): number | null {
	const pidFile = path.join(path.resolve(dataDir), 'postmaster.pid');
	if (!existsSync(pidFile)) return null;
	const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
	try {
		// /proc/<pid>/stat: "pid (comm) state ppid ..."; comm may contain spaces.
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
		if (ppid <= 1) return null;
		const parent = readFileSync(`/proc/${ppid}/cmdline`, 'utf8');
		return /node|tsx|vite/.test(parent) ? ppid : null;
	} catch {
		return null;
	}
}

/** Opens DATABASE_URL or the embedded default, refusing when a running app holds the embedded one. */
export async function openScriptDatabase(env = process.env): Promise<Database> {
	if (!env.DATABASE_URL) {
		const dir = `${env.XUEFAN_DATA_DIR ?? 'data'}/pg`;
		const owner = embeddedOwner(dir);
		if (owner !== null) {
			throw new ScriptError(
				`The embedded database in ${dir} is in use by a running Xuefan (process ${owner}). Stop it first, or set DATABASE_URL.\n` +
					`内置数据库 ${dir} 正被运行中的学帆（进程 ${owner}）使用，请先停止该进程，或设置 DATABASE_URL。`
			);
		}
	}
	return openDatabase(env);
}

/** A failure to report as one clear line, without a stack trace. */
export class ScriptError extends Error {}

/** Runs a script's main: prints ScriptError-like failures plainly, closes what it opened, sets the exit code. */
export async function runScript(main: () => Promise<void>): Promise<void> {
	try {
		await main();
	} catch (e) {
		const known = e instanceof ScriptError || (e instanceof Error && ['AdminError', 'NotEmptyError'].includes(e.name));
		console.error(known ? `Error: ${(e as Error).message}` : e);
		process.exitCode = 1;
	}
}

export function where(env = process.env): string {
	if (!env.DATABASE_URL) return `the embedded database in ${env.XUEFAN_DATA_DIR ?? 'data'}/pg`;
	try {
		const u = new URL(env.DATABASE_URL);
		return `${u.hostname}:${u.port || 5432}${u.pathname}`;
	} catch {
		return 'DATABASE_URL';
	}
}
