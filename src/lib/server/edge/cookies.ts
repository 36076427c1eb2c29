// Cookies at the edge: one parser for the node:http fast paths and socket.io
// handshakes (kit parses its own), and one set of attributes for the session
// cookie whichever transport writes it.
import { INACTIVITY_SECONDS } from '../auth/sessions.ts';
import { isSecureOrigin } from './origin.ts';

export { COOKIE as SESSION_COOKIE } from '../auth/sessions.ts';

/** `a=1; b=2` → { a: '1', b: '2' }; a malformed value is no cookie. The first of a repeated name wins, as in kit. */
export function parseCookies(header: string | undefined): Record<string, string> {
	const out: Record<string, string> = {};
	if (!header) return out;
	for (const part of header.split(';')) {
		const i = part.indexOf('=');
		if (i <= 0) continue;
		const name = part.slice(0, i).trim();
		if (name in out) continue;
		try {
			out[name] = decodeURIComponent(part.slice(i + 1).trim());
		} catch {
			/* a malformed cookie is no cookie */
		}
	}
	return out;
}

export interface CookieAttributes {
	path: string;
	httpOnly: boolean;
	sameSite: 'lax';
	secure: boolean;
	maxAge: number;
}

/** The session cookie: HttpOnly, SameSite=Lax, Path=/, 10 days; Secure exactly when the public origin is https. */
export function sessionCookieAttributes(origin: string): CookieAttributes {
	return {
		path: '/',
		httpOnly: true,
		sameSite: 'lax',
		secure: isSecureOrigin(origin),
		maxAge: INACTIVITY_SECONDS
	};
}

/** A Set-Cookie header value (node:http writers; kit's cookies.set takes the attributes object). */
export function serializeCookie(name: string, value: string, a: CookieAttributes): string {
	return `${name}=${encodeURIComponent(value)}; Path=${a.path}; Max-Age=${a.maxAge}${a.httpOnly ? '; HttpOnly' : ''}; SameSite=Lax${a.secure ? '; Secure' : ''}`;
}
