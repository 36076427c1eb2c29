// npm run worker: a process that runs only the pg-boss jobs (transcoding,
// replays, exports, reminders, snapshots, deadline grading), no HTTP app.
// Several may run at once (a job runs once; a worker lost mid-job has its
// jobs retried by another after XUEFAN_JOB_LEASE_SECONDS: jobs/leases.ts).
// With REDIS_URL, job progress reaches the uploader's sockets on the web
// instances through the Redis Streams adapter. XUEFAN_METRICS_PORT serves
// /metrics, /healthz and /readyz. SIGTERM: running jobs are cut short and
// released (they retry elsewhere), then it exits.
process.env.XUEFAN_ROLE = 'worker';
const { ConfigError, config } = await import('../src/lib/server/config.js');
const { checkStartup } = await import('../src/lib/server/config-ops.js');
const { captureConsole, log } = await import('../src/lib/server/ops/log.js');

try {
	checkStartup(config());
} catch (e) {
	if (!(e instanceof ConfigError)) throw e;
	console.error(`学帆 Xuefan worker: ${e.message}`);
	process.exit(1);
}
captureConsole();
const { surviveLostConnections } = await import('../src/lib/server/db/connection-lost.js');
surviveLostConnections((e) =>
	log().warn({ err: e }, 'database connection lost under the driver (unhandled there): going on')
);

const { startDatabase, applicationName } = await import('../src/lib/server/db/index.ts');
const { migrate } = await import('../src/lib/server/db/migrate.ts');
const { registerDomainReactions } = await import('../src/lib/server/domains.ts');
const { initMedia } = await import('../src/lib/server/media/index.ts');
const { startJobs } = await import('../src/lib/server/jobs/index.ts');
const { useRealtimeEmitter } = await import('../src/lib/server/realtime/index.ts');
const { rooms } = await import('../src/lib/api/socket-rooms.ts');
const { registerHealth, markDraining } = await import('../src/lib/server/ops/health.ts');
const { startOpsServer } = await import('../src/lib/server/ops/http.ts');
const { watchJobs, watchPool } = await import('../src/lib/server/ops/collect.ts');
const { createSocketServer } = await import('../server/socket.js');

registerDomainReactions();
const database = await startDatabase();
const applied = await migrate(database.sql);
if (applied.length) log().info({ applied }, 'migrations applied');
await initMedia(database.sql);
// Emits only (no HTTP server): through Redis to the web instances' sockets.
const io = config().redisUrl ? await createSocketServer(null) : undefined;
if (io) useRealtimeEmitter(io);
const jobs = await startJobs({
	sql: database.sql,
	connection: database.connection,
	notify: io
		? (userId, event) => io.to(rooms.user(userId)).emit('media:progress', event)
		: undefined
});
registerHealth({
	sql: () => database.sql,
	jobs: () => jobs.boss.getDb().executeSql('select 1', [])
});
watchPool(database.sql, applicationName(), config().pgPoolMax);
watchJobs(database.sql, jobs.schema);
const ops = await startOpsServer();
log().info({ workerId: jobs.leases?.workerId }, 'worker ready');

let stopping = false;
async function shutdown(signal: string) {
	if (stopping) return;
	stopping = true;
	const started = Date.now();
	setTimeout(() => {
		log().error({ signal }, 'worker shutdown: timed out, exiting');
		process.exit(1);
	}, config().ops.shutdownTimeoutMs).unref();
	markDraining();
	log().info({ signal, running: jobs.leases?.running() }, 'worker shutting down');
	try {
		await jobs.stop();
		io?.close();
		ops?.close();
		await database.close();
	} catch (e) {
		log().error({ err: e }, 'worker shutdown');
	}
	log().info({ ms: Date.now() - started }, 'worker shutdown: done');
	process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
