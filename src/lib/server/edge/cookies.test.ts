import { describe, expect, it } from 'vitest';
import { parseCookies, serializeCookie, sessionCookieAttributes } from './cookies.ts';

describe('cookies at the edge', () => {
	it('parses as kit does: trimmed, decoded, first of a repeated name, malformed dropped', () => {
		expect(parseCookies('session=a.b; PARAGLIDE_LOCALE=en; session=c; bad=%E0%A4%A; x')).toEqual({
			session: 'a.b',
			PARAGLIDE_LOCALE: 'en'
		});
		expect(parseCookies(undefined)).toEqual({});
	});

	it('marks the session cookie Secure exactly on https origins', () => {
		expect(sessionCookieAttributes('http://10.1.2.3:3000').secure).toBe(false);
		expect(sessionCookieAttributes('https://study.example.org').secure).toBe(true);
		const text = serializeCookie('session', 'a b', sessionCookieAttributes('https://x.org'));
		expect(text).toBe('session=a%20b; Path=/; Max-Age=864000; HttpOnly; SameSite=Lax; Secure');
		expect(serializeCookie('session', 'x', sessionCookieAttributes('http://x.org'))).not.toMatch(
			/Secure/
		);
	});
});
