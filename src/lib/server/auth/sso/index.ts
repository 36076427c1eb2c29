// Single sign-on with OpenID Connect (openid-client), beside passwords:
// authorization code flow with PKCE (S256), state and nonce. The identity maps
// to a person by employee number, read from a configurable claim
// (XUEFAN_OIDC_EMPLOYEE_CLAIM) of the ID token, else of the userinfo answer.
//
// The flow's secrets (PKCE verifier, state, nonce, where to go next) live in a
// short-lived HttpOnly cookie scoped to /login/sso: the callback checks the
// provider's answer against them, so a tampered or replayed state is refused.
import * as client from 'openid-client';
import { config } from '../../config.js';
import type { OidcConfig } from '../../config-sso-replica.js';

export const FLOW_COOKIE = 'xuefan_sso';
export const FLOW_SECONDS = 600;

export interface Flow {
	verifier: string;
	state: string;
	nonce: string;
	next: string;
}

/** The configured provider, or null (no 统一身份认证 button). */
export const ssoConfig = (): Readonly<OidcConfig> | null => config().oidc ?? null;

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);
// Discovery once per issuer and client (a failed one is retried next time).
const discovered = new Map<string, Promise<client.Configuration>>();

function discover(o: Readonly<OidcConfig>): Promise<client.Configuration> {
	const key = `${o.issuer}|${o.clientId}`;
	let found = discovered.get(key);
	if (!found) {
		const issuer = new URL(o.issuer);
		// Plain http only for a provider on this machine (development, tests).
		const insecure = issuer.protocol === 'http:' && LOOPBACK.has(issuer.hostname);
		found = client.discovery(issuer, o.clientId, o.clientSecret, undefined, {
			execute: insecure ? [client.allowInsecureRequests] : [],
			timeout: 10
		});
		found.catch(() => discovered.delete(key));
		discovered.set(key, found);
	}
	return found;
}

/** Where the provider sends the browser back. */
export const redirectUri = (o: Readonly<OidcConfig>, origin: string) =>
	o.redirectUri ?? `${origin}/login/sso/callback`;

/** The provider's authorization URL and the flow to remember in the cookie. */
export async function begin(
	o: Readonly<OidcConfig>,
	origin: string,
	next: string
): Promise<{ url: URL; flow: Flow }> {
	const cfg = await discover(o);
	const flow: Flow = {
		verifier: client.randomPKCECodeVerifier(),
		state: client.randomState(),
		nonce: client.randomNonce(),
		next
	};
	const url = client.buildAuthorizationUrl(cfg, {
		redirect_uri: redirectUri(o, origin),
		scope: o.scope,
		code_challenge: await client.calculatePKCECodeChallenge(flow.verifier),
		code_challenge_method: 'S256',
		state: flow.state,
		nonce: flow.nonce
	});
	return { url, flow };
}

export const encodeFlow = (f: Flow) => Buffer.from(JSON.stringify(f)).toString('base64url');

export function decodeFlow(raw: string | undefined): Flow | null {
	if (!raw) return null;
	try {
		const f = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
		const ok = ['verifier', 'state', 'nonce', 'next'].every((k) => typeof f?.[k] === 'string');
		return ok ? (f as Flow) : null;
	} catch {
		return null;
	}
}

export type Finish =
	| { ok: true; employeeNo: string }
	| { ok: false; reason: 'provider_error' | 'checks_failed' | 'no_claim'; detail?: string };

/** Checks the provider's answer (code, state, PKCE, nonce, ID token) and reads the employee number. */
export async function finish(
	o: Readonly<OidcConfig>,
	origin: string,
	callbackUrl: URL,
	flow: Flow
): Promise<Finish> {
	if (callbackUrl.searchParams.has('error'))
		return {
			ok: false,
			reason: 'provider_error',
			detail: callbackUrl.searchParams.get('error') ?? ''
		};
	const cfg = await discover(o);
	// The URL the provider redirected to, as registered (behind a proxy the request's own may differ).
	const current = new URL(redirectUri(o, origin));
	current.search = callbackUrl.search;
	let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
	try {
		tokens = await client.authorizationCodeGrant(cfg, current, {
			pkceCodeVerifier: flow.verifier,
			expectedState: flow.state,
			expectedNonce: flow.nonce,
			idTokenExpected: true
		});
	} catch (e) {
		return { ok: false, reason: 'checks_failed', detail: (e as Error).message };
	}
	const claims = tokens.claims();
	let value = claims?.[o.employeeClaim];
	if (value === undefined && claims?.sub && tokens.access_token) {
		const info = await client.fetchUserInfo(cfg, tokens.access_token, claims.sub);
		value = info[o.employeeClaim];
	}
	if (typeof value === 'number') value = String(value);
	if (typeof value !== 'string' || !value.trim()) return { ok: false, reason: 'no_claim' };
	return { ok: true, employeeNo: value.trim() };
}
