// The pieces the heartbeat crash tests share: a real web process
// (heartbeat-server.ts) on a test schema, and learners each with their own
// session and playback of one lesson.
import { spawn, type ChildProcess } from 'node:child_process';
import type { Socket } from 'socket.io-client';
import type postgres from 'postgres';
import * as sessions from '../../src/lib/server/auth/sessions';
import { startPlayback } from '../../src/lib/server/progress/playbacks';
import { addUser } from './progress-fixtures';

/** Starts heartbeat-server.ts on `schema`; resolves with its port once it listens. */
export function startHeartbeatServer(
	schema: string,
	port = 0
): Promise<{ child: ChildProcess; port: number }> {
	const c = spawn(process.execPath, ['--import', 'tsx', 'tests/integration/heartbeat-server.ts'], {
		env: { ...process.env, HEARTBEAT_SCHEMA: schema, HEARTBEAT_PORT: String(port) },
		stdio: ['ignore', 'pipe', 'inherit']
	});
	return new Promise((resolve, reject) => {
		c.stdout!.on('data', (d: Buffer) => {
			const m = /port (\d+)/.exec(d.toString());
			if (m) resolve({ child: c, port: Number(m[1]) });
		});
		c.once('exit', (code) => reject(new Error(`heartbeat server exited (${code})`)));
	});
}

export interface Learner {
	cookie: string;
	pid: string;
	socket?: Socket;
	seq: number;
	outbox: number[];
	sending: boolean;
	startedAt: number;
}

/** `n` learners in `unit`, each signed in with a playback of `lessonId` (50 at a time). */
export async function addLearners(
	sql: postgres.Sql,
	unit: number,
	lessonId: number,
	n: number
): Promise<Learner[]> {
	const ls: Learner[] = [];
	for (let i = 0; i < n; i += 50)
		ls.push(
			...(await Promise.all(
				Array.from({ length: Math.min(50, n - i) }, async () => {
					const user = await addUser(sql, unit);
					const s = await startPlayback(sql, user, { lessonId, deviceId: 'd' });
					if (!s.ok) throw new Error('start');
					const token = await sessions.create(sql, user.id);
					return {
						cookie: `${sessions.COOKIE}=${token}`,
						pid: s.playback.playbackId,
						seq: 0,
						outbox: [],
						sending: false,
						startedAt: Date.now()
					};
				})
			))
		);
	return ls;
}
