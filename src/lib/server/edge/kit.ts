// The kit adapter of a JsonEndpoint (see endpoint.ts): `export const POST = kitEndpoint(heartbeats)`.
// The session comes from event.locals (hooks.server.ts validated it through the edge).
import { json, type Cookies, type RequestEvent } from '@sveltejs/kit';
import { readJsonRequest } from './body.ts';
import { sessionReply, type JsonEndpoint } from './endpoint.ts';
import { crossSite, type Reply } from './errors.ts';
import { sessionCookieAttributes, SESSION_COOKIE } from './cookies.ts';
import { LOCALE_COOKIE, requestLocale, type Locale } from './locale.ts';

const NO_STORE = { 'cache-control': 'no-store' };

export const kitReply = (r: Reply): Response =>
	json(r.body, {
		status: r.status,
		headers:
			r.retryAfter === undefined ? NO_STORE : { ...NO_STORE, 'retry-after': String(r.retryAfter) }
	});

export function kitEndpoint<P>(endpoint: JsonEndpoint<P>) {
	return async (
		event: Pick<RequestEvent, 'request' | 'params' | 'locals' | 'url'>
	): Promise<Response> => {
		// As in the node adapter: the language is worked out only for an error message.
		let locale: Locale | undefined;
		const lang = () => (locale ??= requestLocale(event.request.headers));
		const origin = event.request.headers.get('origin');
		if (origin && origin !== event.url.origin)
			return kitReply({ status: 403, body: crossSite(lang()) });
		const refused = sessionReply(event.locals.user, lang);
		if (refused) return kitReply(refused);
		const param = endpoint.param(
			(event.params as Record<string, string>)[endpoint.paramName] ?? ''
		);
		if (param === null) return kitReply(endpoint.notFound(lang()));
		const body = await readJsonRequest(event.request, endpoint.maxBytes);
		const headers = event.request.headers;
		return kitReply(
			await endpoint.handle({
				user: event.locals.user!,
				param,
				body,
				get locale() {
					return lang();
				},
				header: (n) => headers.get(n) ?? undefined
			})
		);
	};
}

export function setSessionCookie(cookies: Cookies, token: string, url: URL): void {
	cookies.set(SESSION_COOKIE, token, sessionCookieAttributes(url.origin));
}

export function clearSessionCookie(cookies: Cookies, url: URL): void {
	const { maxAge: _unused, ...attributes } = sessionCookieAttributes(url.origin);
	cookies.delete(SESSION_COOKIE, attributes);
}

/** The language choice, kept a year; readable by the page (paraglide's client runtime reads it too). */
export function setLocaleCookie(cookies: Cookies, locale: Locale, url: URL): void {
	cookies.set(LOCALE_COOKIE, locale, {
		...sessionCookieAttributes(url.origin),
		httpOnly: false,
		maxAge: 365 * 86400
	});
}
