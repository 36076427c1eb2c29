// npm run bench:cluster — the heartbeat benchmark through nginx (the tested
// deploy/nginx template), against one instance and against two, in one run:
// 1. builds the app (--no-build to reuse build/), starts tests/cluster's
//    cluster: nginx on 127.0.0.1:XUEFAN_BENCH_CLUSTER_PORT (default 4365) in
//    front of instances A and B (+1, +2) on a fresh database and the
//    machine's Redis; --learners learners (default 2,000) each start a
//    playback through nginx;
// 2. nginx's upstream is A alone: a closed loop of --concurrency (default
//    160) heartbeats in flight, learner after learner over HTTP keep-alive to
//    nginx, each re-sent until acknowledged, for --seconds (default 20):
//    one_instance_per_s;
// 3. nginx is reloaded with A and B: the same loop for --seconds:
//    two_instances_per_s; then A is killed (kill -9) and the loop runs
//    another --seconds / 2 on B alone (a heartbeat not acknowledged is
//    re-sent every 200 ms): failover_s is the longest any heartbeat
//    acknowledged after the kill waited, from its first attempt to its ack;
// 4. every acknowledged heartbeat is looked up in the heartbeats table:
//    lost_acked must be 0.
// Last line: {"one_instance_per_s":…,"two_instances_per_s":…,"ratio":…,"lost_acked":…,"failover_s":…}
// with the load average, cores and per-phase details on stderr. Exit code 1
// when lost_acked > 0, a learner never recovered or heartbeats were refused.
// Knobs: XUEFAN_BENCH_LEARNERS, XUEFAN_BENCH_SECONDS, XUEFAN_BENCH_CLUSTER_PORT.
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { startCluster, type Instance } from '../tests/cluster/cluster.ts';
import { drain, lostAcked, startPlaybacks, type HeartbeatClient } from '../tests/cluster/load.ts';
import { buildApp, cpuMs, seedLearners, seedLesson } from './progress-harness.ts';

const { values } = parseArgs({
	options: {
		learners: { type: 'string', default: process.env.XUEFAN_BENCH_LEARNERS ?? '2000' },
		seconds: { type: 'string', default: process.env.XUEFAN_BENCH_SECONDS ?? '20' },
		concurrency: { type: 'string', default: '160' },
		'no-build': { type: 'boolean', default: false }
	}
});
const LEARNERS = Math.max(10, Number(values.learners));
const SECONDS = Math.max(5, Number(values.seconds));
const CONCURRENCY = Math.max(1, Number(values.concurrency));
const PORT = Number(process.env.XUEFAN_BENCH_CLUSTER_PORT ?? 4365);
const alive = (i: Instance) => i.child.exitCode === null && i.child.signalCode === null;
const cpuOf = (i: Instance) => (alive(i) ? cpuMs(i.child.pid!) : 0);
const load = () =>
	loadavg()
		.map((l) => l.toFixed(2))
		.join(' ');

buildApp();
console.error(`cores: ${cpus().length} (${cpus()[0]?.model}); load at start: ${load()}`);
const c = await startCluster({ port: PORT, upstreams: 1 });
let failed = false;
try {
	const learners = await seedLearners(c.sql, LEARNERS);
	const lessonId = await seedLesson(c.sql, 3600);
	const clients = await startPlaybacks(c.port, c.url, learners, lessonId);
	let running = true;
	let next = 0;
	const loop = async () => {
		while (running) {
			const h: HeartbeatClient = clients[next++ % clients.length];
			if (h.sending) {
				await new Promise((r) => setImmediate(r));
				continue;
			}
			h.tick();
			await h.flush();
			// not acknowledged (its instance died): the player retries shortly, as the real one does
			while (running && h.queue.length) {
				await new Promise((r) => setTimeout(r, 200));
				await h.flush();
			}
		}
	};
	const acked = () => clients.reduce((n, h) => n + h.acked.length, 0);
	const workers = Array.from({ length: CONCURRENCY }, loop);
	const window = async (name: string, seconds: number) => {
		const [a0, t0, cpu0] = [acked(), Date.now(), c.web.map(cpuOf)];
		await new Promise((r) => setTimeout(r, seconds * 1000));
		const perS = (acked() - a0) / ((Date.now() - t0) / 1000);
		const cpu = c.web.map((i, k) =>
			alive(i) ? Math.round((cpuOf(i) - cpu0[k]) / seconds / 10) : 'killed'
		);
		console.error(
			`${name}: ${Math.round(perS)} heartbeats/s; CPU % A, B: ${cpu.join(', ')}; load ${load()}`
		);
		return perS;
	};
	await window('warm-up (one instance)', 3);
	const one = await window('one instance through nginx', SECONDS);
	await c.nginx.reload(c.web.map((i) => `127.0.0.1:${i.port}`));
	await window('warm-up (two instances)', 3);
	const two = await window('two instances through nginx', SECONDS);
	const killedAt = Date.now();
	await c.web[0].kill9();
	console.error('kill -9 of instance A');
	await window('after the kill (B alone)', SECONDS / 2);
	running = false;
	await Promise.all(workers);
	await drain(clients);
	// the longest any heartbeat acknowledged after the kill waited, from its first attempt
	const failover = Math.max(...clients.map((h) => h.longestWaitAfter(killedAt)));
	const waits = clients
		.flatMap((h) => h.waits.filter((_, i) => h.ackTimes[i] > killedAt))
		.sort((a, b) => a - b);
	console.error(
		`after the kill: heartbeat wait p50 ${waits[Math.floor(waits.length / 2)]} ms, p99 ${waits[Math.floor(waits.length * 0.99)]} ms, max ${waits.at(-1)} ms`
	);
	// acknowledgements per half second around the kill (how quickly the rate came back)
	const buckets = new Array(Math.ceil(SECONDS) + 2).fill(0);
	for (const t of clients.flatMap((h) => h.ackTimes)) {
		const b = Math.floor((t - killedAt) / 500) + 2;
		if (b >= 0 && b < buckets.length) buckets[b]++;
	}
	console.error(`acks per 0.5 s from 1 s before the kill: ${buckets.join(' ')}`);
	const lost = await lostAcked(c.sql, clients);
	const refused = clients.flatMap((h) => h.refused);
	const unsent = clients.reduce((n, h) => n + h.queue.length, 0);
	console.error(
		`acknowledged: ${acked()}; refused: ${refused.length}; unsent: ${unsent}; load at end: ${load()}`
	);
	if (refused.length) console.error('refused:', refused.slice(0, 5));
	failed = lost > 0 || !Number.isFinite(failover) || refused.length > 0 || unsent > 0;
	console.log(
		JSON.stringify({
			one_instance_per_s: Math.round(one),
			two_instances_per_s: Math.round(two),
			ratio: Number((two / one).toFixed(3)),
			lost_acked: lost,
			failover_s: Number(failover.toFixed(2))
		})
	);
} finally {
	await c.stop();
}
process.exit(failed ? 1 : 0);
