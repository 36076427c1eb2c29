// The one error body of every JSON answer, whichever transport: `{ error, message }`,
// a stable code for programs and a sentence in the request's language for people.
// Kit endpoints get it through App.Error (src/app.d.ts) from error(); the fast
// paths and sockets build it here.
import { m } from '../../paraglide/messages.js';
import type { Locale } from './locale.ts';

export interface ErrorBody<C extends string = string> {
	error: C;
	message: string;
}

export const errorBody = <C extends string>(error: C, message: string): ErrorBody<C> => ({
	error,
	message
});

/** A JSON answer before it meets a transport. */
export interface Reply {
	status: number;
	body: unknown;
	/** seconds: HTTP sends it as Retry-After, the socket adapter in its ack */
	retryAfter?: number;
}

export const reply = (status: number, body: unknown, retryAfter?: number): Reply =>
	retryAfter === undefined ? { status, body } : { status, body, retryAfter };

/** 401: no valid session (also what a socket is refused with). */
export const signedOut = (locale?: Locale) =>
	errorBody('signed_out', m.auth_signed_out({}, locale ? { locale } : {}));

/** 403: signed in, but a new password must be chosen first. */
export const mustChangePassword = (locale?: Locale) =>
	errorBody('must_change_password', m.auth_must_change_password({}, locale ? { locale } : {}));

/** 403: a browser posted from another origin (kit's CSRF check covers forms; this covers JSON). */
export const crossSite = (locale?: Locale) =>
	errorBody('cross_site', m.edge_cross_site({}, locale ? { locale } : {}));

/** 500: an unexpected failure (logged); nothing of the request is known to be done. */
export const serverError = (locale?: Locale) =>
	errorBody('server_error', m.edge_server_error({}, locale ? { locale } : {}));
