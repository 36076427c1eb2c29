/** A same-site relative path to go to after a form, never an open redirect (`//evil.example`, `/\evil`). */
export function safeNext(next: unknown, fallback = '/'): string {
	if (typeof next !== 'string' || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) {
		return fallback;
	}
	return next;
}
