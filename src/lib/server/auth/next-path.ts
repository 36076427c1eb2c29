// Where to go after signing in (or after another form): only a same-site
// relative path, never an open redirect. Browsers drop tabs and newlines from
// URLs and treat `\` like `/`, so `/\evil.example`, `/\t/evil.example` and
// `/.//evil.example` (which normalises to `//evil.example`) are refused too.
const BASE = 'http://xuefan.invalid';

export function safeNext(raw: unknown, fallback = '/'): string {
	if (typeof raw !== 'string' || raw.length === 0 || raw.length > 2000) return fallback;
	if (!raw.startsWith('/') || raw.startsWith('//')) return fallback;
	// eslint-disable-next-line no-control-regex
	if (/[\\\u0000-\u001f\u007f]/.test(raw)) return fallback;
	let url: URL;
	try {
		url = new URL(raw, BASE);
	} catch {
		return fallback;
	}
	if (url.origin !== BASE) return fallback;
	const path = url.pathname + url.search + url.hash;
	return path.startsWith('//') ? fallback : path;
}

/** The path (with query) of a request, for `?next=`; form-action queries (`?/create`) are dropped. */
export function currentPath(url: URL): string {
	return url.pathname + (url.search.startsWith('?/') ? '' : url.search);
}

/** `/login`, with `?next=` back to this page when it is worth returning to. */
export function loginPath(url?: URL): string {
	if (!url) return '/login';
	const here = currentPath(url);
	return here === '/' || here.startsWith('/login') || here.startsWith('/logout')
		? '/login'
		: `/login?next=${encodeURIComponent(here)}`;
}
