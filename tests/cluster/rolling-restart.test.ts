// A rolling restart of both web instances behind nginx under heartbeat load,
// as docs/deploy.md's upgrade does it: SIGTERM A (graceful: it drains its
// group commit, answers what it accepted, tells its sockets to reconnect),
// wait for it to exit, start it again, wait for its /readyz and for nginx to
// send it requests again, then the same for B. Learners heartbeat all along, half over their socket and half over
// HTTP, all through nginx. Nothing acknowledged may be lost, nothing credited
// twice, and every learner keeps being answered.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { seedLearners, seedLesson } from '../../bench/progress-harness';
import { HEARTBEAT_MIN_MS } from '../../src/lib/api/playback';
import { startCluster, type Cluster, type Instance } from './cluster';
import { request, socketTo, until } from './clients';
import { creditMismatches, drain, lostAcked, startPlaybacks } from './load';

const LEARNERS = 300;
const SOCKETS = 150;
const TICK_MS = 1000;
/**
 * The longest a learner may go without an acknowledgement: one interval of
 * the real player (10 s), so at the player's own pace no heartbeat waits past
 * the next one, plus one attempt the client gave up on (its 5 s timeout).
 * What a learner can lose: the heartbeat in flight when its instance stops
 * (a 503 while draining, a 502 for a POST on a keep-alive connection the
 * instance just closed, or a dropped socket), sent again at its next tick
 * (1 s) to the other instance, which right then takes every learner and
 * every reconnecting socket while the restarted one starts beside it on the
 * same 2 cores: an answer there can outlast the 5 s timeout, then one more
 * tick. Measured: 2.2–2.7 s at load 7–10; 9.8 s at load 13–16 (instance
 * starts of 7–16 s).
 */
const MAX_GAP_S = HEARTBEAT_MIN_MS / 1000 + 5;

let c: Cluster;
beforeAll(async () => {
	c = await startCluster();
}, 120_000);
afterAll(async () => {
	await c?.stop();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function ready(i: Instance, timeoutMs = 30_000) {
	const deadline = Date.now() + timeoutMs;
	while ((await request(i.port, '/readyz').catch(() => ({ status: 0 }))).status !== 200) {
		if (Date.now() > deadline) throw new Error(`/readyz of ${i.name} not 200 in ${timeoutMs} ms`);
		await sleep(50);
	}
}

/** Heartbeat POSTs nginx logged from line `from` on: status and upstream of each. */
function loggedHeartbeats(from = 0) {
	const lines = readFileSync(`${c.nginx.prefix}/access.log`, 'utf8').split('\n');
	const rows = lines
		.slice(from)
		.map((l) => / "POST \/api\/playbacks\/\S+\/heartbeats [^"]*" (\d{3}) \S+ \S+ (\S+)/.exec(l))
		.filter((m) => m !== null)
		.map((m) => ({ status: Number(m[1]), upstream: m[2] }));
	return { rows, next: lines.length - 1 };
}

/** Resolves once nginx has had a heartbeat acknowledged by `i` (logged after line `from`). */
async function nginxUses(i: Instance, from: number, timeoutMs = 15_000) {
	const deadline = Date.now() + timeoutMs;
	const upstream = `127.0.0.1:${i.port}`;
	while (!loggedHeartbeats(from).rows.some((r) => r.status === 200 && r.upstream === upstream)) {
		if (Date.now() > deadline)
			throw new Error(`nginx sent nothing to ${i.name} in ${timeoutMs} ms`);
		await sleep(50);
	}
}

/**
 * One step of the rolling restart: SIGTERM `i`, wait for it to exit, start
 * it again, wait for its /readyz, then until nginx acknowledges heartbeats
 * through it again: nginx skips an instance that refused a connection for
 * fail_timeout (5 s, deploy/nginx) even once it is ready, and stopping the
 * other instance meanwhile leaves nginx none it would use (measured: 502
 * "no live upstreams" for every request until then). The moments of each.
 */
async function restart(i: Instance) {
	const signalled = Date.now();
	const code = await i.sigterm();
	const exited = Date.now();
	await i.restart();
	await ready(i);
	const readyAt = Date.now();
	await nginxUses(i, loggedHeartbeats().next);
	return { code, signalled, exited, ready: readyAt, back: Date.now() };
}

it('rolling restart of A then B under heartbeat load: nothing acknowledged lost or credited twice, learners answered throughout', async () => {
	const [A, B] = c.web;
	const learners = await seedLearners(c.sql, LEARNERS);
	const lessonId = await seedLesson(c.sql, 3600);
	const hb = await startPlaybacks(c.port, c.url, learners, lessonId);
	for (const h of hb.slice(0, SOCKETS)) h.socket = socketTo(c.port, h.cookie);
	await until(() => hb.slice(0, SOCKETS).every((h) => h.socket!.connected), 15_000, 'sockets');
	const told = { n: 0 };
	for (const h of hb.slice(0, SOCKETS)) h.socket!.on('server:shutdown', () => told.n++);

	const beat = setInterval(() => {
		for (const h of hb) {
			h.tick();
			void h.flush();
		}
	}, TICK_MS);
	try {
		const t0 = Date.now();
		await sleep(3000);
		const a = await restart(A);
		const toldByA = told.n;
		const b = await restart(B);
		const toldByB = told.n - toldByA;
		// both serve through nginx again
		const { next: mark } = loggedHeartbeats();
		await Promise.all([nginxUses(A, mark), nginxUses(B, mark)]);
		const t1 = Date.now();
		const ports = new Set(
			loggedHeartbeats(mark)
				.rows.filter((r) => r.status === 200)
				.map((r) => r.upstream)
		);
		clearInterval(beat);
		await drain(hb);
		const acked = hb.reduce((n, h) => n + h.acked.length, 0);
		const gaps = hb.map((h) => h.longestGap(t0, t1));
		// learners with no acknowledgement at all from an instance's signal until nginx used it again
		const silent = [a, b].map(
			(w) => hb.filter((h) => !h.ackTimes.some((t) => t > w.signalled && t < w.back)).length
		);
		// a 502 nginx made itself ("no live upstreams"): logged with the upstream group's name
		const noLiveUpstream = loggedHeartbeats().rows.filter(
			(r) => r.upstream === 'xuefan_web'
		).length;
		const statuses: Record<string, number> = {};
		for (const r of loggedHeartbeats().rows) statuses[r.status] = (statuses[r.status] ?? 0) + 1;
		const via = hb.flatMap((h) => h.ackVia);
		console.log(
			JSON.stringify({
				learners: LEARNERS,
				acked,
				acked_over_socket: via.filter((v) => v === 'socket').length,
				unanswered_attempts: hb.reduce((n, h) => n + h.unanswered, 0),
				http_statuses_at_nginx: statuses,
				no_live_upstream: noLiveUpstream,
				a_exit_ms: a.exited - a.signalled,
				a_signal_to_ready_ms: a.ready - a.signalled,
				a_ready_to_nginx_ms: a.back - a.ready,
				b_exit_ms: b.exited - b.signalled,
				b_signal_to_ready_ms: b.ready - b.signalled,
				b_ready_to_nginx_ms: b.back - b.ready,
				sockets_told: [toldByA, toldByB],
				silent_while_restarting: silent,
				longest_gap_s: Math.max(...gaps),
				gap_p50_s: [...gaps].sort((x, y) => x - y)[Math.floor(gaps.length / 2)],
				gap_p99_s: [...gaps].sort((x, y) => x - y)[Math.floor(gaps.length * 0.99)],
				run_s: (t1 - t0) / 1000
			})
		);

		expect([a.code, b.code]).toEqual([0, 0]); // graceful: exited by themselves, in time
		expect(ports).toEqual(new Set([`127.0.0.1:${A.port}`, `127.0.0.1:${B.port}`]));
		expect(toldByA).toBeGreaterThan(0); // sockets on A were told to reconnect…
		expect(toldByB).toBeGreaterThan(0); // …and those on B (where they all were by then)
		expect(hb.flatMap((h) => h.refused)).toEqual([]);
		expect(hb.filter((h) => h.queue.length).length).toBe(0);
		expect(acked).toBe(hb.reduce((n, h) => n + h.seq, 0)); // every heartbeat acknowledged in the end
		expect(await lostAcked(c.sql, hb)).toBe(0);
		// each ack's creditedSeconds is the sum of the stored credits up to its seq, and each
		// playback's credit the sum of its heartbeats: a heartbeat re-sent after an unanswered
		// attempt was a replay of the stored one, never credited again
		expect(await creditMismatches(c.sql, hb)).toEqual({ acks: 0, playbacks: 0 });
		// answered throughout, through nginx, which always had an instance it would use
		expect(silent).toEqual([0, 0]);
		expect(noLiveUpstream).toBe(0);
		expect(Math.max(...gaps)).toBeLessThan(MAX_GAP_S);
		expect(via.filter((v) => v === 'socket').length).toBeGreaterThan(0);
	} finally {
		clearInterval(beat);
		for (const h of hb) h.socket?.close();
	}
}, 120_000);
