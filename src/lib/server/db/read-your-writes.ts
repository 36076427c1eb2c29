// Read-your-writes across the replica: after a person's successful write (a
// form action or a non-GET endpoint), a short-lived cookie keeps the primary's
// WAL position; readDb() uses the replica for them only once it has replayed
// past it. The cookie is a hint, not a secret: a forged one can only send
// that person's own reads to the primary, or to a replica they could read anyway.
import type { Cookies, Handle } from '@sveltejs/kit';
import { config } from '../config.js';
import { serializeCookie } from '../edge/cookies.ts';
import { isSecureOrigin } from '../edge/origin.ts';
import { db } from './index.ts';
import { isLsn, primaryLsn, readDb, replica, type ReadDb } from './read.ts';

export const WRITE_COOKIE = 'xuefan_wlsn';

/** The WAL position of this browser's last write, if recent. */
export function lastWriteLsn(cookies: Pick<Cookies, 'get'>): string | null {
	const v = cookies.get(WRITE_COOKIE);
	return isLsn(v) ? v : null;
}

/** Reads for this request: the replica unless this person's last write is not there yet. */
export function readDbFor(event: { cookies: Pick<Cookies, 'get'> }): Promise<ReadDb> {
	return readDb({ after: lastWriteLsn(event.cookies) });
}

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * The hook: a signed-in person's successful write (a form action, an export
 * request…) marks the browser. /api/ (heartbeats, uploads, quiz submits) is
 * left out: learners' own writes are not what they read from reports.
 */
export const readYourWrites: Handle = async ({ event, resolve }) => {
	const { method } = event.request;
	if (!event.locals.user || !WRITES.has(method) || event.url.pathname.startsWith('/api/'))
		return resolve(event);
	if (!replica()) return resolve(event);
	// After the write: its commit is at or before the primary's position now.
	const response = await resolve(event);
	if (response.status < 400) {
		const cookie = serializeCookie(WRITE_COOKIE, await primaryLsn(db()), {
			path: '/',
			httpOnly: true,
			sameSite: 'lax',
			secure: isSecureOrigin(event.url.origin),
			maxAge: config().readYourWritesSeconds
		});
		response.headers.append('set-cookie', cookie);
	}
	return response;
};
