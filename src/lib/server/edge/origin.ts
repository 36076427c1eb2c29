// The public origin of a request, decided once for every transport (kit via
// adapter-node, the node:http fast paths, socket.io): ORIGIN when set; else
// the operator's trusted proxy headers (adapter-node's PROTOCOL_HEADER /
// HOST_HEADER / PORT_HEADER) when configured; else the connection itself
// (http unless TLS) and its Host header. adapter-node alone would assume
// https with ORIGIN unset, which breaks every form over plain http (kit's
// CSRF check) and marks cookies Secure where browsers drop them.
import type { IncomingHttpHeaders } from 'node:http';

/** The headers server/index.js hands adapter-node the decided scheme and host in (overwritten on every request). */
export const KIT_PROTOCOL_HEADER = 'x-xuefan-edge-proto';
export const KIT_HOST_HEADER = 'x-xuefan-edge-host';

type Env = Record<string, string | undefined>;

/** The proxy header the operator configured (server/index.js keeps it as XUEFAN_PROXY_<NAME> when it hands adapter-node its own). */
function proxyHeader(env: Env, name: 'PROTOCOL_HEADER' | 'HOST_HEADER' | 'PORT_HEADER'): string | undefined {
	const value = (env[`XUEFAN_PROXY_${name}`] ?? env[name])?.trim().toLowerCase();
	return value && value !== KIT_PROTOCOL_HEADER && value !== KIT_HOST_HEADER ? value : undefined;
}

export interface OriginRule {
	/** ORIGIN: every request has this origin */
	fixed?: string;
	protocolHeader?: string;
	hostHeader?: string;
	portHeader?: string;
}

/** Reads the rule from the environment; throws with a clear message on a malformed ORIGIN. */
export function originRule(env: Env = process.env): OriginRule {
	const origin = env.ORIGIN?.trim();
	let fixed: string | undefined;
	if (origin) {
		let url: URL | undefined;
		try {
			url = new URL(origin);
		} catch {
			url = undefined;
		}
		if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.origin === 'null')
			throw new Error(`ORIGIN must be an http(s) origin such as https://study.example.org (got "${origin}")`);
		fixed = url.origin;
	}
	return {
		fixed,
		protocolHeader: proxyHeader(env, 'PROTOCOL_HEADER'),
		hostHeader: proxyHeader(env, 'HOST_HEADER'),
		portHeader: proxyHeader(env, 'PORT_HEADER')
	};
}

let current: OriginRule | undefined;
const rule = () => (current ??= originRule());

/** Tests: decide with another environment (undefined: back to process.env). */
export function useOriginRule(r: OriginRule | undefined) {
	current = r;
}

function first(value: string | string[] | undefined): string | undefined {
	const v = Array.isArray(value) ? value[0] : value;
	return v?.split(',')[0]?.trim() || undefined;
}

const HOST = /^[a-z0-9.\-_~%]+(:\d{1,5})?$|^\[[0-9a-f:.]+\](:\d{1,5})?$/i;

/** `http://host:port` of a node:http request (or a socket.io handshake), as the browser sees it. */
export function publicOrigin(headers: IncomingHttpHeaders, encrypted: boolean): string {
	const r = rule();
	if (r.fixed) return r.fixed;
	const forwarded = r.protocolHeader ? first(headers[r.protocolHeader])?.toLowerCase() : undefined;
	const scheme = forwarded === 'http' || forwarded === 'https' ? forwarded : encrypted ? 'https' : 'http';
	let host = (r.hostHeader && first(headers[r.hostHeader])) || first(headers.host) || 'localhost';
	if (!HOST.test(host)) host = 'localhost';
	const port = r.portHeader ? first(headers[r.portHeader]) : undefined;
	if (port && /^\d{1,5}$/.test(port)) host = `${host.replace(/:\d+$/, '')}:${port}`;
	return `${scheme}://${host}`;
}

/** Cookies are Secure exactly when the public origin is https. */
export const isSecureOrigin = (origin: string) => origin.startsWith('https:');

/** Stamps the decision on a node:http request for adapter-node (server/index.js set PROTOCOL_HEADER/HOST_HEADER to these names). */
export function stampForKit(headers: IncomingHttpHeaders, encrypted: boolean): void {
	const url = new URL(publicOrigin(headers, encrypted));
	headers[KIT_PROTOCOL_HEADER] = url.protocol.slice(0, -1);
	headers[KIT_HOST_HEADER] = url.host;
}

/** A browser's Origin header (or none: same-origin GETs, non-browser clients) is acceptable for this request. */
export function sameOrigin(originHeader: string | undefined, headers: IncomingHttpHeaders, encrypted: boolean): boolean {
	return !originHeader || originHeader === publicOrigin(headers, encrypted);
}
