// Prometheus metrics (prom-client), one registry per process on globalThis
// (vite dev re-imports modules; the kit bundle and the worker share nothing
// else). Served on XUEFAN_METRICS_PORT or, with XUEFAN_METRICS_TOKEN, at
// /metrics on the app's port (ops/http.ts). Labels are bounded: routes are
// kit route ids (/api/playbacks/[id]/heartbeats), never raw URLs.
import client from 'prom-client';
import { rooms } from '../../api/socket-rooms.ts';

export interface Metrics {
	registry: client.Registry;
	requests: client.Counter<'route' | 'method' | 'status'>;
	latency: client.Histogram<'route' | 'method'>;
	heartbeatBatch: client.Histogram;
	heartbeatCommit: client.Histogram<'outcome'>;
	jobRuns: client.Counter<'queue' | 'outcome'>;
}

const holder = globalThis as { __xuefanMetrics?: Metrics };

export function metrics(): Metrics {
	if (holder.__xuefanMetrics) return holder.__xuefanMetrics;
	const registry = new client.Registry();
	client.collectDefaultMetrics({ register: registry, prefix: 'xuefan_' });
	const m: Metrics = {
		registry,
		requests: new client.Counter({
			name: 'xuefan_http_requests_total',
			help: 'HTTP requests answered, by kit route id',
			labelNames: ['route', 'method', 'status'],
			registers: [registry]
		}),
		latency: new client.Histogram({
			name: 'xuefan_http_request_duration_seconds',
			help: 'Time to answer an HTTP request, by kit route id',
			labelNames: ['route', 'method'],
			buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
			registers: [registry]
		}),
		heartbeatBatch: new client.Histogram({
			name: 'xuefan_heartbeat_batch_size',
			help: 'Heartbeats per group-commit batch',
			buckets: [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000],
			registers: [registry]
		}),
		heartbeatCommit: new client.Histogram({
			name: 'xuefan_heartbeat_commit_seconds',
			help: 'Time to commit one heartbeat batch',
			labelNames: ['outcome'],
			buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
			registers: [registry]
		}),
		jobRuns: new client.Counter({
			name: 'xuefan_job_runs_total',
			help: 'pg-boss jobs run by this process, by queue and outcome',
			labelNames: ['queue', 'outcome'],
			registers: [registry]
		})
	};
	new client.Gauge({
		name: 'xuefan_up_seconds',
		help: 'Seconds since this process started',
		registers: [registry],
		collect() {
			this.set(process.uptime());
		}
	});
	holder.__xuefanMetrics = m;
	return m;
}

/** A gauge whose values are read at scrape time (`read` sets them on the gauge). */
export function scrapedGauge<L extends string>(
	name: string,
	help: string,
	labelNames: L[],
	read: (g: client.Gauge<L>) => Promise<void> | void
) {
	const { registry } = metrics();
	registry.removeSingleMetric(name);
	const g: client.Gauge<L> = new client.Gauge({
		name,
		help,
		labelNames,
		registers: [registry],
		async collect() {
			g.reset();
			await read(g);
		}
	});
	return g;
}

/** Sockets connected to this process, and per live session (room live:<id>). */
export function watchSockets(io: import('socket.io').Server) {
	scrapedGauge('xuefan_sockets', 'socket.io connections on this process', [], (g) =>
		g.set(io.of('/').sockets.size)
	);
	const live = /^live:(\d+)$/;
	scrapedGauge(
		'xuefan_live_session_sockets',
		'Sockets in each live session room on this process',
		['session'],
		(g) => {
			for (const [room, members] of io.of('/').adapter.rooms) {
				const m = live.exec(room);
				if (m && room === rooms.live(Number(m[1]))) g.set({ session: m[1] }, members.size);
			}
		}
	);
}

/** Records one answered request. */
export function observeRequest(route: string, method: string, status: number, seconds: number) {
	routeObserver(route, method)(status, seconds);
}

/**
 * The observer of one route and method, its series bound once: a fast path
 * (thousands of heartbeats a second) pays two array-free increments per
 * request instead of hashing its labels twice.
 */
export function routeObserver(
	route: string,
	method: string
): (status: number, seconds: number) => void {
	const m = metrics();
	const latency = m.latency.labels(route, method);
	const counts = new Map<number, client.Counter.Internal>();
	return (status, seconds) => {
		let c = counts.get(status);
		if (!c) counts.set(status, (c = m.requests.labels(route, method, String(status))));
		c.inc();
		latency.observe(seconds);
	};
}
