// Operations settings (issue 13): which processes run what, shutdown, health,
// metrics and logs. Parsed with the rest of the environment by config.js
// (readConfig → `ops`); checkStartup() adds the checks that look at more than
// one variable or at the file system, run once when a process starts.
// Plain JS (JSDoc types): server/index.js runs under bare Node 20.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, integer, port, secret } from './config-parse.js';

/** web: HTTP and sockets, no jobs; worker: pg-boss jobs only; all: both (one `npm start`). */
export const ROLES = /** @type {const} */ (['web', 'worker', 'all']);
export const LOG_LEVELS = /** @type {const} */ ([
	'fatal',
	'error',
	'warn',
	'info',
	'debug',
	'trace',
	'silent'
]);

/**
 * @typedef {object} Ops
 * @property {'web' | 'worker' | 'all'} role
 * @property {boolean} runsJobs this process works pg-boss jobs (worker, all)
 * @property {boolean} servesHttp this process serves the app (web, all)
 * @property {number} shutdownTimeoutMs SIGTERM: exit by then whatever is left
 * @property {number | undefined} metricsPort Prometheus /metrics (and /healthz, /readyz) on their own port
 * @property {string | undefined} metricsToken /metrics on the app's port, with `Authorization: Bearer <token>`
 * @property {typeof LOG_LEVELS[number]} logLevel
 * @property {number} jobLeaseSeconds a worker not seen for this long has its running jobs retried elsewhere
 */

/** The variables readOps reads (config.js adds them to its cache key). */
export const OPS_NAMES = /** @type {const} */ ([
	'XUEFAN_ROLE',
	'XUEFAN_SHUTDOWN_TIMEOUT_MS',
	'XUEFAN_METRICS_PORT',
	'XUEFAN_METRICS_TOKEN',
	'XUEFAN_LOG_LEVEL',
	'XUEFAN_JOB_LEASE_SECONDS'
]);

/**
 * @template {string} T
 * @param {string} name @param {string} raw @param {readonly T[]} allowed @returns {T}
 */
function oneOf(name, raw, allowed) {
	const v = /** @type {T} */ (raw.trim().toLowerCase());
	if (allowed.includes(v)) return v;
	throw new ConfigError(`${name}: ${JSON.stringify(raw)} is not one of ${allowed.join(', ')}`);
}

/** @param {Record<string, string | undefined>} env @returns {Readonly<Ops>} */
export function readOps(env) {
	/** An empty value counts as unset. @param {typeof OPS_NAMES[number]} name */
	const r = (name) => (env[name] === '' ? undefined : env[name]);
	const roleRaw = r('XUEFAN_ROLE');
	const role = roleRaw ? oneOf('XUEFAN_ROLE', roleRaw, ROLES) : 'all';
	const timeout = r('XUEFAN_SHUTDOWN_TIMEOUT_MS');
	const metricsPort = r('XUEFAN_METRICS_PORT');
	const token = r('XUEFAN_METRICS_TOKEN');
	const level = r('XUEFAN_LOG_LEVEL');
	const lease = r('XUEFAN_JOB_LEASE_SECONDS');
	return Object.freeze({
		role,
		runsJobs: role !== 'web',
		servesHttp: role !== 'worker',
		shutdownTimeoutMs: timeout
			? integer('XUEFAN_SHUTDOWN_TIMEOUT_MS', timeout, 100, 600_000)
			: 10_000,
		metricsPort: metricsPort ? port('XUEFAN_METRICS_PORT', metricsPort) : undefined,
		metricsToken: token ? secret('XUEFAN_METRICS_TOKEN', token, 16) : undefined,
		logLevel: level ? oneOf('XUEFAN_LOG_LEVEL', level, LOG_LEVELS) : 'info',
		jobLeaseSeconds: lease ? integer('XUEFAN_JOB_LEASE_SECONDS', lease, 2, 86_400) : 30
	});
}

/**
 * What can only be checked together or on disk, once at start. Throws a
 * ConfigError with one line naming what to fix.
 * @param {{ ops: Ops, redisUrl?: string, mediaSecret?: string, mediaDir: string, port: number }} cfg
 */
export function checkStartup(cfg) {
	// Several instances (they share sockets through Redis) share media too:
	// every one of them, and nginx in front, must sign and check media URLs with one key.
	if (cfg.redisUrl && !cfg.mediaSecret) {
		throw new ConfigError(
			'XUEFAN_MEDIA_SECRET: must be set (at least 16 characters, the same on every instance) when REDIS_URL is set: several instances sign media URLs with one key'
		);
	}
	if (cfg.ops.metricsPort !== undefined && cfg.ops.metricsPort === cfg.port && cfg.ops.servesHttp) {
		throw new ConfigError(
			`XUEFAN_METRICS_PORT: ${cfg.ops.metricsPort} is the app's PORT too (give metrics a port of their own, or use XUEFAN_METRICS_TOKEN)`
		);
	}
	try {
		// A real write (root passes access() checks on directories it cannot use, e.g. read-only mounts).
		mkdirSync(cfg.mediaDir, { recursive: true });
		const probe = path.join(cfg.mediaDir, `.write-check-${process.pid}`);
		writeFileSync(probe, '');
		rmSync(probe);
	} catch (e) {
		const why = /** @type {NodeJS.ErrnoException} */ (e).code ?? String(e);
		throw new ConfigError(`XUEFAN_MEDIA_DIR: ${cfg.mediaDir} is not a writable directory (${why})`);
	}
}
