// Parsers for config.js: each takes the variable's name and raw value and
// returns the typed value or throws a ConfigError naming the variable.
// Plain JS (JSDoc types): server/index.js runs under bare Node 20.

/** A bad environment variable: its message is the one line printed at start. */
export class ConfigError extends Error {
	/** @param {string} message */
	constructor(message) {
		super(message);
		this.name = 'ConfigError';
	}
}

/**
 * @param {string} name
 * @param {string} raw
 * @param {string} what
 * @returns {never}
 */
function refuse(name, raw, what) {
	throw new ConfigError(`${name}: ${JSON.stringify(raw)} ${what}`);
}

/**
 * @param {string} name
 * @param {string} raw
 * @param {number} min
 * @param {number} [max]
 */
export function integer(name, raw, min, max = Number.MAX_SAFE_INTEGER) {
	const n = /^\d+$/.test(raw.trim()) ? Number(raw) : NaN;
	if (!Number.isSafeInteger(n) || n < min || n > max) {
		refuse(
			name,
			raw,
			max === Number.MAX_SAFE_INTEGER
				? `is not a whole number ≥ ${min}`
				: `is not a whole number from ${min} to ${max}`
		);
	}
	return n;
}

/** @param {string} name @param {string} raw */
export const port = (name, raw) => integer(name, raw, 1, 65535);

/** Flags are '1' or '0' (unset means the default). @param {string} name @param {string} raw */
export function flag(name, raw) {
	if (raw === '1' || raw === 'true') return true;
	if (raw === '0' || raw === 'false') return false;
	return refuse(name, raw, 'is not 1 or 0');
}

/**
 * A URL with one of the given schemes (postgres://, redis://…). Only the
 * scheme is checked: postgres.js also takes forms WHATWG URL refuses
 * (several hosts, `postgres://user@/db` with PGHOST).
 * @param {string} name
 * @param {string} raw
 * @param {string[]} schemes without the colon
 */
export function url(name, raw, schemes) {
	const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(raw)?.[1].toLowerCase();
	if (!scheme)
		return refuse(
			name,
			raw.replace(/\/\/[^@/]*@/, '//…@'),
			`is not a URL (expected ${schemes[0]}://…)`
		);
	if (!schemes.includes(scheme))
		refuse(name, `${scheme}://…`, `is not a ${schemes.join(' or ')} URL`);
	return raw;
}

/**
 * The public origin, as adapter-node and kit's CSRF check compare it: scheme,
 * host and port only. @param {string} name @param {string} raw
 */
export function origin(name, raw) {
	let u;
	try {
		u = new URL(raw);
	} catch {
		return refuse(name, raw, 'is not an http(s) origin like https://study.example.org');
	}
	const bare = raw.replace(/\/$/, '');
	if (!['http:', 'https:'].includes(u.protocol) || u.origin !== bare) {
		refuse(
			name,
			raw,
			'is not an http(s) origin like https://study.example.org (no path, query or credentials)'
		);
	}
	return u.origin;
}

/** An HTTP header name (RFC 9110 token), lower-cased as Node gives them. @param {string} name @param {string} raw */
export function header(name, raw) {
	if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(raw)) refuse(name, raw, 'is not an HTTP header name');
	return raw.toLowerCase();
}

/** adapter-node's BODY_SIZE_LIMIT syntax: bytes with an optional K/M/G suffix, or Infinity. @param {string} name @param {string} raw */
export function byteSize(name, raw) {
	if (raw !== 'Infinity' && !/^\d+[KMG]?$/i.test(raw))
		refuse(name, raw, 'is not a size like 25M, 512K or Infinity');
	return raw;
}

/**
 * RTMP ingest ports: one port, a range like 1935-1939, or `off`.
 * @param {string} name
 * @param {string} raw
 * @returns {number[]}
 */
export function portRange(name, raw) {
	const spec = raw.trim();
	if (spec === 'off' || spec === '') return [];
	const m = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(spec);
	if (!m) return refuse(name, raw, 'is not a port, a range like 1935-1939, or off');
	const from = port(name, m[1]);
	const to = port(name, m[2] ?? m[1]);
	if (to < from) refuse(name, raw, 'ends before it starts');
	if (to - from >= 100) refuse(name, raw, 'spans more than 100 ports');
	return Array.from({ length: to - from + 1 }, (_, k) => from + k);
}

/** @param {string} name @param {string} raw @param {number} min */
export function secret(name, raw, min) {
	if (raw.length < min) throw new ConfigError(`${name}: must be at least ${min} characters`);
	return raw;
}

/**
 * An IANA time zone Intl knows (Asia/Shanghai, Asia/Urumqi, UTC), in its
 * canonical spelling. @param {string} name @param {string} raw
 */
export function timeZone(name, raw) {
	const zone = raw.trim();
	try {
		if (!zone || zone.length > 64) throw new RangeError(zone);
		return new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
	} catch {
		return refuse(name, raw, 'is not a time zone (an IANA name like Asia/Shanghai or UTC)');
	}
}
