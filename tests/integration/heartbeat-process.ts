// The pieces the heartbeat crash tests share: a real web process
// (heartbeat-server.ts) on a test schema, and learners each with their own
// session and playback of one lesson.
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
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

/** One second of honest watching (seq − 1 to seq), as the player reports it. */
export const heartbeatBody = (seq: number) =>
	JSON.stringify({ seq, intervals: [[seq - 1, seq]], position: seq, rate: 1, event: 'tick' });

/**
 * Sends heartbeat `seq` the way the player does: over the learner's socket
 * when it is connected (acknowledged after commit), else POSTed over HTTP.
 * Resolves with the status, 0 when no answer came within `timeoutMs`.
 */
export function sendHeartbeat(
	l: Learner,
	seq: number,
	o: { port: number; agent: http.Agent; timeoutMs: number }
): Promise<number> {
	if (l.socket?.connected)
		return l.socket
			.timeout(o.timeoutMs)
			.emitWithAck('heartbeat:send', l.pid, heartbeatBody(seq))
			.then(
				(a: { status: number }) => a.status,
				() => 0
			);
	return new Promise<number>((resolve) => {
		const req = http.request(
			{
				host: '127.0.0.1',
				port: o.port,
				method: 'POST',
				path: `/api/playbacks/${l.pid}/heartbeats`,
				agent: o.agent,
				timeout: o.timeoutMs,
				headers: { 'content-type': 'application/json', cookie: l.cookie }
			},
			(res) => {
				res.resume();
				res.on('end', () => resolve(res.statusCode ?? 0));
			}
		);
		req.on('timeout', () => req.destroy());
		req.on('error', () => resolve(0));
		req.end(heartbeatBody(seq));
	});
}
