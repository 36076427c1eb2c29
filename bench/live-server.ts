// The live-room server under test (forked by bench/live.ts): one instance of
// the app's realtime module (cookie auth, personal rooms, live rooms) on a
// plain HTTP server, the same code server/index.js attaches, against the
// benchmark database. Reports its peak RSS and event-loop delay over IPC.
import http from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import postgres from 'postgres';
import { createSocketServer } from '../server/socket.js';
import { clientOptions } from '../src/lib/server/db/index.ts';
import { attachRealtime } from '../src/lib/server/realtime/index.ts';

const sql = postgres(process.env.DATABASE_URL!, {
	...clientOptions,
	max: Number(process.env.PG_POOL_MAX ?? 10)
});
const server = http.createServer();
const io = await createSocketServer(server, { redisUrl: process.env.REDIS_URL ?? '' });
attachRealtime(io, () => sql);

const loop = monitorEventLoopDelay({ resolution: 10 });
loop.enable();
let peakRss = 0;
let cpuFrom = process.cpuUsage();
let wallFrom = Date.now();
setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 250).unref();

process.on('message', (msg: { type: string }) => {
	if (msg.type === 'reset') {
		loop.reset();
		peakRss = process.memoryUsage().rss;
		cpuFrom = process.cpuUsage();
		wallFrom = Date.now();
	}
	if (msg.type === 'stats') {
		peakRss = Math.max(peakRss, process.memoryUsage().rss);
		const cpu = process.cpuUsage(cpuFrom);
		// share of one core the server used since the reset (user + system)
		const cpuShare = (cpu.user + cpu.system) / 1000 / (Date.now() - wallFrom);
		process.send!({
			type: 'stats',
			rssMb: peakRss / 2 ** 20,
			loopP99Ms: loop.percentile(99) / 1e6,
			loopMaxMs: loop.max / 1e6,
			sockets: io.engine.clientsCount,
			cpuShare
		});
	}
	if (msg.type === 'stop') {
		// the sockets' disconnect handlers close their presence rows first
		io.close();
		setTimeout(() => void sql.end({ timeout: 2 }).finally(() => process.exit(0)), 1500);
	}
});

server.listen(Number(process.env.PORT), '127.0.0.1', () => process.send!({ type: 'ready' }));
