// Structured logs: one pino logger per process (JSON lines on stdout, level
// XUEFAN_LOG_LEVEL), shared by the production entry, the kit build and the
// worker through globalThis (the kit bundle has its own module instances).
// Secrets never reach a log line: request logs carry method, route, status,
// time and the request id only; known secret fields are redacted anyway; and
// console.* of the app's code (captureConsole) goes through the same logger.
// Plain JS (JSDoc types): server/index.js runs under bare Node 20.
import { randomUUID } from 'node:crypto';
import { format } from 'node:util';
import pino from 'pino';
import { config } from '../config.js';

/** Field names never logged (any depth pino's redaction reaches). */
const REDACT = [
	'password',
	'token',
	'cookie',
	'authorization',
	'session',
	'sessionId',
	'secret',
	'headers.cookie',
	'headers.authorization',
	'headers["set-cookie"]',
	'*.password',
	'*.token',
	'*.cookie',
	'*.authorization',
	'*.session',
	'*.sessionId',
	'*.secret',
	'*.headers.cookie',
	'*.headers.authorization'
];

const holder = /** @type {{ __xuefanLog?: import('pino').Logger }} */ (globalThis);

/** The process's logger (created on first use with the configured level and role). */
export function log() {
	if (!holder.__xuefanLog) {
		const { ops } = config();
		holder.__xuefanLog = pino(
			{
				level: ops.logLevel,
				base: { pid: process.pid, role: ops.role },
				redact: { paths: REDACT, censor: '[redacted]' },
				timestamp: pino.stdTimeFunctions.isoTime,
				serializers: { err: scrubbedError }
			},
			// On a terminal (`npm start` by hand) the message only, readable (the demo banner);
			// JSON lines everywhere else (files, pipes, the journal).
			process.stdout.isTTY ? { write: terminalLine } : undefined
		);
	}
	return holder.__xuefanLog;
}

/** Whether debug records are written: a hot path builds its record only then. */
export const debugging = () => log().isLevelEnabled('debug');

/** @param {string} line one JSON record */
function terminalLine(line) {
	const r = JSON.parse(line);
	const extra = r.err?.stack ? `\n${r.err.stack}` : '';
	process.stdout.write(
		`${r.level >= 50 ? 'error: ' : r.level >= 40 ? 'warn: ' : ''}${r.msg ?? ''}${extra}\n`
	);
}

/** A request id as nginx sends it (`X-Request-Id: $request_id`): kept when sane, else a fresh one. */
export const REQUEST_ID = 'x-request-id';

/** @param {string | string[] | undefined | null} raw */
export function requestId(raw) {
	const v = Array.isArray(raw) ? raw[0] : raw;
	return v && /^[\w.:@/+=-]{1,128}$/.test(v) ? v : randomUUID();
}

/**
 * Mask what looks like a secret in free text (a console line of some library,
 * an error message): `token=…`-style pairs (query strings, connection
 * strings), URL credentials and bearer tokens. (Not "password: …" prose: the
 * demo banner prints the public demo password on purpose.) @param {string} text
 */
export function scrub(text) {
	return text
		.replace(
			/\b(session|token|password|secret|sessionid|access_token)=[^\s"';,&]+/gi,
			'$1=[redacted]'
		)
		.replace(/\/\/([^:/@\s]+):[^@/\s]+@/g, '//$1:[redacted]@')
		.replace(/\bBearer\s+[\w.~+/=-]+/g, 'Bearer [redacted]');
}

/** pino's error serializer, with the message and stack scrubbed (a driver error may quote a URL). @param {Error} e */
function scrubbedError(e) {
	const out = pino.stdSerializers.err(e);
	out.message = scrub(out.message ?? '');
	if (out.stack) out.stack = scrub(out.stack);
	return out;
}

/**
 * Routes console.log/info/warn/error/debug through the logger, so everything
 * the process writes is one JSON line with a level (Errors keep their stack).
 */
export function captureConsole() {
	const g = /** @type {{ __xuefanConsole?: boolean }} */ (globalThis);
	if (g.__xuefanConsole) return;
	g.__xuefanConsole = true;
	/** @param {'info' | 'warn' | 'error' | 'debug'} level */
	const to =
		(level) =>
		/** @param {unknown[]} args */
		(...args) => {
			const err = args.find((a) => a instanceof Error);
			const msg = scrub(format(...args.filter((a) => a !== err)));
			if (err) log()[level]({ err }, msg);
			else log()[level](msg);
		};
	console.log = to('info');
	console.info = to('info');
	console.warn = to('warn');
	console.error = to('error');
	console.debug = to('debug');
}
