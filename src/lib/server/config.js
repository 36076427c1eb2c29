// Every environment variable the app reads, parsed and validated in one place
// (the README's Configuration table lists the same ones). Plain ESM with JSDoc
// types so server/index.js can import it under bare Node 20 as well as the kit
// app and the scripts. bench/ keeps its own bench-only knobs.
//
// config() is read lazily and re-parsed only when one of these variables
// changed: tests set XUEFAN_MEDIA_DIR and the like between files and cases.
import path from 'node:path';
import {
	ConfigError,
	byteSize,
	flag,
	header,
	integer,
	origin,
	port,
	portRange,
	secret,
	timeZone,
	url
} from './config-parse.js';
import { OPS_NAMES, readOps } from './config-ops.js';
import { SSO_REPLICA_NAMES, readSsoReplicaConfig } from './config-sso-replica.js';

export { ConfigError };

/** The default per-IP login failure limit; it may only be raised. */
export const LOGIN_FAILURES_DEFAULT = 10;

/** @typedef {BaseConfig & import('./config-sso-replica.js').SsoReplicaConfig} Config */

/**
 * @typedef {object} BaseConfig
 * @property {string | undefined} databaseUrl postgres://… or unset for the embedded server
 * @property {string} dataDir where the embedded cluster (<dir>/pg) and exports live
 * @property {number} pgPort the embedded server's port (names its unix socket)
 * @property {boolean} pgLog echo the embedded server's log to stderr
 * @property {number} pgPoolMax connections per instance
 * @property {string} migrationsDir absolute
 * @property {boolean} noSeed never seed demo data
 * @property {number} port
 * @property {string} host
 * @property {string} bodySizeLimit adapter-node's syntax (25M, Infinity)
 * @property {string | undefined} buildDir the kit build server/index.js loads
 * @property {string | undefined} origin the public origin, no trailing slash
 * @property {string | undefined} protocolHeader lower-case header names (adapter-node's settings)
 * @property {string | undefined} hostHeader
 * @property {string | undefined} portHeader
 * @property {string | undefined} addressHeader
 * @property {number} xffDepth which X-Forwarded-For entry from the right is the client
 * @property {number} loginIpMaxFailures
 * @property {string} mediaDir absolute
 * @property {string} exportDir absolute
 * @property {string | undefined} mediaSecret
 * @property {string} ffmpegPath
 * @property {string} ffprobePath
 * @property {boolean} jobsRecoverActive
 * @property {string | undefined} redisUrl
 * @property {string} redisStream
 * @property {number} redisStreamMaxLen
 * @property {readonly number[]} rtmpPorts empty when off
 * @property {string | undefined} rtmpHost
 * @property {Readonly<{ batch: number, waitMs: number, inFlight: number, stats: boolean, shedDepth: number | undefined, shedAgeMs: number, shedLagMs: number }>} heartbeat group commit tuning and overload thresholds (progress/load.ts)
 * @property {number} liveChatBatchMs
 * @property {string | undefined} adminPassword create-admin's password, instead of asking
 * @property {string} timeZone the organisation's zone: every date and time shown is in it
 * @property {'log' | undefined} smsProvider the SMS gateway (催学 reminders); unset: no SMS
 * @property {string} smsLog where the logging provider appends what it would send
 * @property {import('./config-ops.js').Ops} ops role, shutdown, health, metrics and logs (config-ops.js)
 */

/**
 * The headers the request edge (edge/origin.ts) stamps each request's decided
 * scheme and host in, for adapter-node: server/index.js points adapter-node's
 * PROTOCOL_HEADER / HOST_HEADER at them (handOriginToAdapterNode) and keeps the
 * operator's own proxy headers, if any, as XUEFAN_PROXY_<NAME> for the edge.
 */
export const EDGE_HEADERS = Object.freeze({
	protocol: 'x-xuefan-edge-proto',
	host: 'x-xuefan-edge-host'
});

/** @param {Record<string, string | undefined>} [env] */
export function handOriginToAdapterNode(env = process.env) {
	for (const name of /** @type {const} */ (['PROTOCOL_HEADER', 'HOST_HEADER', 'PORT_HEADER'])) {
		if (env[name] && !isEdgeHeader(env[name])) env[`XUEFAN_PROXY_${name}`] ??= env[name];
	}
	env.PROTOCOL_HEADER = EDGE_HEADERS.protocol;
	env.HOST_HEADER = EDGE_HEADERS.host;
	delete env.PORT_HEADER;
}

/** @param {string | undefined} v */
const isEdgeHeader = (v) =>
	v?.toLowerCase() === EDGE_HEADERS.protocol || v?.toLowerCase() === EDGE_HEADERS.host;

/** The variables config() reads; its cache key. */
export const NAMES = /** @type {const} */ ([
	'DATABASE_URL',
	'XUEFAN_DATA_DIR',
	'XUEFAN_PG_PORT',
	'XUEFAN_PG_LOG',
	'PG_POOL_MAX',
	'XUEFAN_MIGRATIONS_DIR',
	'XUEFAN_NO_SEED',
	'PORT',
	'HOST',
	'BODY_SIZE_LIMIT',
	'XUEFAN_BUILD_DIR',
	'ORIGIN',
	'PROTOCOL_HEADER',
	'HOST_HEADER',
	'PORT_HEADER',
	'XUEFAN_PROXY_PROTOCOL_HEADER',
	'XUEFAN_PROXY_HOST_HEADER',
	'XUEFAN_PROXY_PORT_HEADER',
	'ADDRESS_HEADER',
	'XFF_DEPTH',
	'XUEFAN_LOGIN_IP_MAX_FAILURES',
	'XUEFAN_MEDIA_DIR',
	'XUEFAN_EXPORT_DIR',
	'XUEFAN_MEDIA_SECRET',
	'FFMPEG_PATH',
	'FFPROBE_PATH',
	'XUEFAN_JOBS_RECOVER_ACTIVE',
	'REDIS_URL',
	'REDIS_STREAM',
	'REDIS_STREAM_MAXLEN',
	'XUEFAN_RTMP_PORTS',
	'XUEFAN_RTMP_HOST',
	'XUEFAN_HEARTBEAT_BATCH',
	'XUEFAN_HEARTBEAT_WAIT_MS',
	'XUEFAN_HEARTBEAT_IN_FLIGHT',
	'XUEFAN_HEARTBEAT_STATS',
	'XUEFAN_HEARTBEAT_SHED_DEPTH',
	'XUEFAN_HEARTBEAT_SHED_AGE_MS',
	'XUEFAN_HEARTBEAT_SHED_LAG_MS',
	'LIVE_CHAT_BATCH_MS',
	'XUEFAN_ADMIN_PASSWORD',
	'XUEFAN_TIME_ZONE',
	'XUEFAN_SMS_PROVIDER',
	'XUEFAN_SMS_LOG',
	...OPS_NAMES,
	...SSO_REPLICA_NAMES
]);

/**
 * Parses an environment; throws a ConfigError on the first bad variable.
 * @param {Record<string, string | undefined>} env
 * @returns {Readonly<Config>}
 */
export function readConfig(env) {
	/**
	 * An empty value counts as unset (as in most env files).
	 * @template T
	 * @param {typeof NAMES[number]} name
	 * @param {(name: string, raw: string) => T} parse
	 * @returns {T | undefined}
	 */
	const get = (name, parse) => {
		const raw = env[name];
		return raw === undefined || raw === '' ? undefined : parse(name, raw);
	};
	/** @param {string} _ @param {string} raw */
	const text = (_, raw) => raw;
	/** @param {number} min @returns {(name: string, raw: string) => number} */
	const atLeast = (min) => (name, raw) => integer(name, raw, min);

	/** The operator's trusted proxy header (kept under XUEFAN_PROXY_<NAME> once server/index.js took the name for the edge). @param {'PROTOCOL_HEADER' | 'HOST_HEADER' | 'PORT_HEADER'} name */
	const proxyHeader = (name) => {
		const value = get(`XUEFAN_PROXY_${name}`, header) ?? get(name, header);
		return isEdgeHeader(value) ? undefined : value;
	};

	const dataDir = get('XUEFAN_DATA_DIR', text) ?? 'data';
	const loginIpMaxFailures =
		get('XUEFAN_LOGIN_IP_MAX_FAILURES', atLeast(1)) ?? LOGIN_FAILURES_DEFAULT;
	if (loginIpMaxFailures < LOGIN_FAILURES_DEFAULT) {
		throw new ConfigError(
			`XUEFAN_LOGIN_IP_MAX_FAILURES: ${loginIpMaxFailures} is below the default ${LOGIN_FAILURES_DEFAULT} (it may only be raised)`
		);
	}
	return Object.freeze({
		databaseUrl: get('DATABASE_URL', (n, raw) => url(n, raw, ['postgres', 'postgresql'])),
		dataDir,
		pgPort: get('XUEFAN_PG_PORT', port) ?? 54329,
		pgLog: get('XUEFAN_PG_LOG', flag) ?? false,
		pgPoolMax: get('PG_POOL_MAX', (n, raw) => integer(n, raw, 1, 1000)) ?? 10,
		migrationsDir: path.resolve(get('XUEFAN_MIGRATIONS_DIR', text) ?? 'migrations'),
		noSeed: get('XUEFAN_NO_SEED', flag) ?? false,
		port: get('PORT', port) ?? 3000,
		host: get('HOST', text) ?? '0.0.0.0',
		bodySizeLimit: get('BODY_SIZE_LIMIT', byteSize) ?? '25M',
		buildDir: get('XUEFAN_BUILD_DIR', (_, raw) => path.resolve(raw)),
		origin: get('ORIGIN', origin),
		protocolHeader: proxyHeader('PROTOCOL_HEADER'),
		hostHeader: proxyHeader('HOST_HEADER'),
		portHeader: proxyHeader('PORT_HEADER'),
		addressHeader: get('ADDRESS_HEADER', header),
		xffDepth: get('XFF_DEPTH', atLeast(1)) ?? 1,
		loginIpMaxFailures,
		mediaDir: path.resolve(get('XUEFAN_MEDIA_DIR', text) ?? 'data/media'),
		exportDir: path.resolve(get('XUEFAN_EXPORT_DIR', text) ?? `${dataDir}/exports`),
		mediaSecret: get('XUEFAN_MEDIA_SECRET', (n, raw) => secret(n, raw, 16)),
		ffmpegPath: get('FFMPEG_PATH', text) ?? 'ffmpeg',
		ffprobePath: get('FFPROBE_PATH', text) ?? 'ffprobe',
		jobsRecoverActive: get('XUEFAN_JOBS_RECOVER_ACTIVE', flag) ?? true,
		redisUrl: get('REDIS_URL', (n, raw) => url(n, raw, ['redis', 'rediss'])),
		redisStream: get('REDIS_STREAM', text) ?? 'xuefan:socket.io',
		redisStreamMaxLen: get('REDIS_STREAM_MAXLEN', atLeast(1)) ?? 20_000,
		rtmpPorts: Object.freeze(
			get('XUEFAN_RTMP_PORTS', portRange) ?? portRange('XUEFAN_RTMP_PORTS', '1935-1939')
		),
		rtmpHost: get('XUEFAN_RTMP_HOST', text),
		heartbeat: Object.freeze({
			batch: get('XUEFAN_HEARTBEAT_BATCH', atLeast(1)) ?? 500,
			waitMs: get('XUEFAN_HEARTBEAT_WAIT_MS', atLeast(0)) ?? 2,
			inFlight: get('XUEFAN_HEARTBEAT_IN_FLIGHT', atLeast(1)) ?? 3,
			stats: get('XUEFAN_HEARTBEAT_STATS', flag) ?? false,
			// undefined: 2 × batch × in-flight (see progress/load.ts)
			shedDepth: get('XUEFAN_HEARTBEAT_SHED_DEPTH', atLeast(1)),
			shedAgeMs: get('XUEFAN_HEARTBEAT_SHED_AGE_MS', atLeast(1)) ?? 250,
			// event-loop lateness that sheds new heartbeats (progress/load.ts); 0: off
			shedLagMs: get('XUEFAN_HEARTBEAT_SHED_LAG_MS', atLeast(0)) ?? 250
		}),
		liveChatBatchMs: get('LIVE_CHAT_BATCH_MS', atLeast(1)) ?? 400,
		adminPassword: get('XUEFAN_ADMIN_PASSWORD', text),
		timeZone: get('XUEFAN_TIME_ZONE', timeZone) ?? 'Asia/Shanghai',
		smsProvider: get('XUEFAN_SMS_PROVIDER', smsProvider),
		smsLog: path.resolve(get('XUEFAN_SMS_LOG', text) ?? `${dataDir}/sms.log`),
		ops: readOps(env),
		...readSsoReplicaConfig(env)
	});
}

/**
 * The SMS providers this build knows. Only 'log' (development: appends what
 * it would send to a file); a real gateway is one more entry in sms.ts.
 * @param {string} name @param {string} raw @returns {'log'}
 */
function smsProvider(name, raw) {
	if (raw === 'log') return raw;
	throw new ConfigError(`${name}: ${JSON.stringify(raw)} is not a known SMS provider (log)`);
}

/** @type {{ key: string, value: Readonly<Config> } | undefined} */
let cache;

/** The process's configuration, re-read when one of its variables changed. */
export function config() {
	const key = NAMES.map((n) => process.env[n] ?? '\u0000').join('\u0001');
	if (cache?.key !== key) cache = { key, value: readConfig(process.env) };
	return cache.value;
}
