// The public origin of a request, decided once for every transport (kit via
// adapter-node, the node:http fast paths, socket.io): ORIGIN when set; else
// the operator's trusted proxy headers (adapter-node's PROTOCOL_HEADER /
// HOST_HEADER / PORT_HEADER) when configured; else the connection itself
// (http unless TLS) and its Host header. adapter-node alone would assume
// https with ORIGIN unset, which breaks every form over plain http (kit's
// CSRF check) and marks cookies Secure where browsers drop them.
import type { IncomingHttpHeaders } from 'node:http';
import { config, EDGE_HEADERS, type Config } from '../config.js';

export const KIT_PROTOCOL_HEADER = EDGE_HEADERS.protocol;
export const KIT_HOST_HEADER = EDGE_HEADERS.host;

export interface OriginRule {
	/** ORIGIN: every request has this origin */
	fixed?: string;
	protocolHeader?: string;
	hostHeader?: string;
	portHeader?: string;
}

/** The rule of a configuration (config.js validated ORIGIN and the header names). */
export function originRule(
	c: Pick<Config, 'origin' | 'protocolHeader' | 'hostHeader' | 'portHeader'> = config()
): OriginRule {
	return {
		fixed: c.origin,
		protocolHeader: c.protocolHeader,
		hostHeader: c.hostHeader,
		portHeader: c.portHeader
	};
}

let current: OriginRule | undefined;
const rule = () => (current ??= originRule());

/** Tests: decide by another rule (undefined: back to the configuration). */
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
	const scheme =
		forwarded === 'http' || forwarded === 'https' ? forwarded : encrypted ? 'https' : 'http';
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
export function sameOrigin(
	originHeader: string | undefined,
	headers: IncomingHttpHeaders,
	encrypted: boolean
): boolean {
	return !originHeader || originHeader === publicOrigin(headers, encrypted);
}
