// The request's UI language, by paraglide's own rules (cookie → Accept-Language
// → zh-CN; the strategy compiled into src/lib/paraglide/runtime.js) for every
// transport: the kit hooks run paraglide's middleware on the same normalised
// headers, the fast paths and socket.io ask here. Paraglide matches tags
// exactly, so every zh* tag is first mapped to zh-CN.
import type { IncomingHttpHeaders } from 'node:http';
import { cookieName, extractLocaleFromRequest, type Locale } from '../../paraglide/runtime.js';

export { cookieName as LOCALE_COOKIE, type Locale };

const ANYWHERE = 'http://edge.invalid/';

/** The locale paraglide picks for these request headers (web Headers or node's). */
export function requestLocale(headers: Headers | IncomingHttpHeaders): Locale {
	const cookie = headers instanceof Headers ? headers.get('cookie') : headers.cookie;
	const accept =
		headers instanceof Headers ? headers.get('accept-language') : headers['accept-language'];
	const h = new Headers();
	if (cookie) h.set('cookie', cookie);
	if (typeof accept === 'string') h.set('accept-language', accept);
	return extractLocaleFromRequest(new Request(ANYWHERE, { headers: normaliseAcceptLanguage(h) }));
}

/** `zh`, `zh-Hans`, `zh-SG` … → `zh-CN`: else they would miss zh-CN and a later `en` would win. */
export function normaliseAcceptLanguage(headers: Headers): Headers {
	const out = new Headers(headers);
	const value = headers.get('accept-language');
	if (value) {
		out.set(
			'accept-language',
			value
				.split(',')
				.map((part) => part.trim().replace(/^zh(-[A-Za-z]+)*(?=;|$)/i, 'zh-CN'))
				.join(', ')
		);
	}
	return out;
}
