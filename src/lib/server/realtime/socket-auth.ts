// socket.io's side of the request edge, for every namespace (`/` and the
// lecturer's `/ingest`): the same origin rule as forms and fast paths (a
// foreign page's Origin is refused; non-browser clients send none), the same
// session cookie and the same session policy (../auth/session-cache.ts). A
// session that ends — sign-out, account disabled, password changed, on any
// instance — disconnects the sockets opened with it at once.
import type { Socket } from 'socket.io';
import * as sessionCache from '../auth/session-cache.ts';
import type { SessionUser } from '../auth/types.ts';
import type { Db } from '../db/index.ts';
import { parseCookies, SESSION_COOKIE } from '../edge/cookies.ts';
import { crossSite, mustChangePassword, reply, signedOut, type Reply } from '../edge/errors.ts';
import { requestLocale } from '../edge/locale.ts';
import { sameOrigin } from '../edge/origin.ts';

export interface AuthenticatedData {
	user: SessionUser;
	/** the session the socket was opened with */
	sessionId: string;
}

const bySession = new Map<string, Set<Socket>>();
// The session token of each socket, kept in memory only (socket.data may be serialised to Redis):
// events that need the session's current state (socket endpoints) validate it again.
const tokens = new WeakMap<Socket, string>();

/** The session token the socket was opened with (undefined for a socket not through the authenticator). */
export const socketToken = (socket: Socket): string | undefined => tokens.get(socket);

/** A refused handshake: the message is the code (as before); `data` is the answer HTTP would give. */
function refusal(code: string, answer: Reply): Error {
	return Object.assign(new Error(code), { data: answer });
}
let watching: (() => void) | undefined;

function track(socket: Socket, sessionId: string) {
	watching ??= sessionCache.onSessionEnded((ended) => {
		for (const s of bySession.get(ended) ?? []) s.disconnect(true);
		bySession.delete(ended);
	});
	let set = bySession.get(sessionId);
	if (!set) bySession.set(sessionId, (set = new Set()));
	set.add(socket);
	socket.once('disconnect', () => {
		set.delete(socket);
		if (set.size === 0 && bySession.get(sessionId) === set) bySession.delete(sessionId);
	});
}

/** The `io.use` / `namespace.use` middleware: socket.data gets the user and session id, or the connection is refused. */
export function socketAuthenticator(sql: () => Db) {
	return async (socket: Socket, next: (e?: Error) => void) => {
		const { headers, secure } = socket.handshake;
		const locale = () => requestLocale(headers);
		if (!sameOrigin(headers.origin, headers, secure))
			return next(refusal('cross_site', reply(403, crossSite(locale()))));
		const token = parseCookies(headers.cookie)[SESSION_COOKIE];
		const found = token ? await sessionCache.validate(sql(), token).catch(() => null) : null;
		if (!found) return next(refusal('unauthorised', reply(401, signedOut(locale()))));
		// Someone who must still choose a password has no business on a socket yet.
		if (found.user.mustChangePassword)
			return next(refusal('unauthorised', reply(403, mustChangePassword(locale()))));
		tokens.set(socket, token!);
		const data = socket.data as AuthenticatedData;
		data.user = found.user;
		data.sessionId = found.session.id;
		track(socket, found.session.id);
		next();
	};
}
