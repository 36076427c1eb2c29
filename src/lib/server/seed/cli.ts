// Helpers for the operator scripts (seed, create-admin, migrate).

/** A failure to report as one clear line, without a stack trace. */
export class ScriptError extends Error {}

/** Runs a script's main: prints ScriptError-like failures plainly, closes what it opened, sets the exit code. */
export async function runScript(main: () => Promise<void>): Promise<void> {
	try {
		await main();
	} catch (e) {
		const known =
			e instanceof ScriptError ||
			(e instanceof Error && ['AdminError', 'NotEmptyError', 'DatabaseInUseError'].includes(e.name));
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
