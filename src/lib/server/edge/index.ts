// The request edge: what every transport (kit hooks and routes, the node:http
// fast paths of server/index.js, socket.io's middleware) decides the same way —
// the public origin and scheme, cookies and their attributes, the session
// (one validation policy: ../auth/session-cache.ts), the UI language, the
// error body, and JSON bodies with caps.
//   import * as edge from '$lib/server/edge';
export {
	publicOrigin,
	sameOrigin,
	stampForKit,
	isSecureOrigin,
	KIT_HOST_HEADER,
	KIT_PROTOCOL_HEADER
} from './origin.ts';
export {
	parseCookies,
	sessionCookieAttributes,
	serializeCookie,
	SESSION_COOKIE
} from './cookies.ts';
export { requestLocale, normaliseAcceptLanguage, LOCALE_COOKIE, type Locale } from './locale.ts';
export {
	errorBody,
	reply,
	signedOut,
	mustChangePassword,
	crossSite,
	serverError,
	type ErrorBody,
	type Reply
} from './errors.ts';
export { readJsonRequest, readJsonIncoming, readJsonText, type JsonBody } from './body.ts';
export { socketEndpoint } from './socket.ts';
export { sessionReply, type JsonEndpoint, type EndpointInput } from './endpoint.ts';
export {
	kitEndpoint,
	kitReply,
	setSessionCookie,
	clearSessionCookie,
	setLocaleCookie
} from './kit.ts';
export {
	nodeEndpoint,
	registerFastPath,
	registerNodeEdge,
	handleNodeRequest,
	send,
	type FastPath
} from './node.ts';
export { validate as validateSession } from '../auth/session-cache.ts';
