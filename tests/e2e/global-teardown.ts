import { existsSync, readFileSync, rmSync } from 'node:fs';
import postgres from 'postgres';
import { STATE_FILE } from './global-setup';

export default async function globalTeardown() {
	if (!existsSync(STATE_FILE)) return;
	const state = JSON.parse(readFileSync(STATE_FILE, 'utf8')) as {
		pid?: number;
		database?: string;
		dataDir?: string;
	};
	if (state.pid) {
		try {
			process.kill(state.pid, 'SIGTERM');
		} catch {
			// already gone
		}
		// Let it stop its database in order before we drop or delete anything.
		for (let i = 0; i < 100 && alive(state.pid); i++) await new Promise((r) => setTimeout(r, 100));
	}
	if (state.database && process.env.DATABASE_URL) {
		const admin = postgres(process.env.DATABASE_URL, { max: 1, onnotice: () => {} });
		await admin.unsafe(`drop database if exists ${state.database} with (force)`);
		await admin.end();
	}
	if (state.dataDir) rmSync(state.dataDir, { recursive: true, force: true });
}

function alive(pid: number) {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}
