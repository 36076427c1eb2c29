// Helpers for the operator scripts (seed, create-admin, migrate).
import { config, type Config } from '../config.js';

/** A failure to report as one clear line, without a stack trace. */
export class ScriptError extends Error {}

/** Runs a script's main: prints ScriptError-like failures plainly, closes what it opened, sets the exit code. */
export async function runScript(main: () => Promise<void>): Promise<void> {
	try {
		await main();
	} catch (e) {
		const known =
			e instanceof ScriptError ||
			(e instanceof Error &&
				['AdminError', 'NotEmptyError', 'DatabaseInUseError', 'ConfigError'].includes(e.name));
		console.error(known ? `Error: ${(e as Error).message}` : e);
		process.exitCode = 1;
	}
}

export function where(cfg: Config = config()): string {
	if (!cfg.databaseUrl) return `the embedded database in ${cfg.dataDir}/pg`;
	try {
		const u = new URL(cfg.databaseUrl);
		return `${u.hostname}:${u.port || 5432}${u.pathname}`;
	} catch {
		return 'DATABASE_URL';
	}
}
