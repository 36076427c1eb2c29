// A JSON endpoint written once and served by two transports: the kit route
// (kit.ts, for `vite dev` and whatever the fast path declines) and the
// node:http fast path in production (node.ts). Both run the same steps in
// the same order — session (401/403) → path parameter (the endpoint's 404)
// → body read with the endpoint's cap (400/413) → handle — so a case tested
// through one adapter answers the same through the other.
import type { SessionUser } from '../auth/types.ts';
import type { JsonBody } from './body.ts';
import { mustChangePassword, reply, signedOut, type Reply } from './errors.ts';
import type { Locale } from './locale.ts';

export interface EndpointInput<P> {
	user: SessionUser;
	param: P;
	body: JsonBody;
	/** a request header, lower-case name */
	header(name: string): string | undefined;
	/** worked out when first read (the node adapter): read it only for an error message */
	readonly locale: Locale;
}

export interface JsonEndpoint<P> {
	/** for logs */
	name: string;
	/** the node:http path; its one group is the raw parameter (kit passes `params[paramName]`) */
	path: RegExp;
	paramName: string;
	/** the raw parameter → its value, or null for the endpoint's 404 */
	param(raw: string): P | null;
	notFound(locale: Locale): Reply;
	maxBytes: number;
	handle(input: EndpointInput<P>): Promise<Reply>;
}

/** The session step both adapters take first: null to go on, else the answer. */
export function sessionReply(user: SessionUser | null, locale: () => Locale): Reply | null {
	if (!user) return reply(401, signedOut(locale()));
	if (user.mustChangePassword) return reply(403, mustChangePassword(locale()));
	return null;
}
