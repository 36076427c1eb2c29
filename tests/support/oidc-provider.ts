// A real OpenID Connect provider (the `oidc-provider` package) for the SSO
// tests: one confidential client, PKCE required, its development sign-in
// pages (any login name is accepted and becomes the subject). The employee
// number claim is the login name, except for a login starting with `noclaim`.
import type { Server } from 'node:http';
import Provider from 'oidc-provider';

export const CLIENT_ID = 'xuefan-test';
export const CLIENT_SECRET = 'a-test-client-secret-of-some-length';
export const CLAIM = 'employee_no';

export async function startProvider(
	port: number,
	redirectUris: string[]
): Promise<{
	issuer: string;
	stop(): Promise<void>;
}> {
	const issuer = `http://127.0.0.1:${port}`;
	const provider = new Provider(issuer, {
		clients: [
			{
				client_id: CLIENT_ID,
				client_secret: CLIENT_SECRET,
				redirect_uris: redirectUris,
				grant_types: ['authorization_code'],
				response_types: ['code']
			}
		],
		pkce: { required: () => true },
		claims: { openid: ['sub'], profile: ['name', CLAIM] },
		findAccount: async (_ctx: unknown, id: string) => ({
			accountId: id,
			claims: async () => ({
				sub: id,
				name: `测试 ${id}`,
				...(id.startsWith('noclaim') ? {} : { [CLAIM]: id })
			})
		}),
		// The employee number in the ID token itself (not only from userinfo).
		conformIdTokenClaims: false,
		cookies: { keys: ['a-cookie-signing-key-for-tests'] },
		features: { devInteractions: { enabled: true } }
	});
	const server: Server = provider.listen(port, '127.0.0.1');
	await new Promise<void>((resolve, reject) => {
		server.once('listening', resolve);
		server.once('error', reject);
	});
	return {
		issuer,
		stop: () => new Promise<void>((r) => server.close(() => r()))
	};
}

/** A browser's trip through the provider's sign-in and consent pages; returns the callback URL it is sent to. */
export async function signInAtProvider(authorizationUrl: string, login: string): Promise<URL> {
	const jar = new Map<string, string>();
	const cookieHeader = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
	const remember = (res: Response) => {
		for (const c of res.headers.getSetCookie()) {
			const [pair] = c.split(';');
			const i = pair.indexOf('=');
			jar.set(pair.slice(0, i), pair.slice(i + 1));
		}
	};
	let url = authorizationUrl;
	let body: URLSearchParams | undefined;
	for (let hop = 0; hop < 20; hop++) {
		const res = await fetch(url, {
			method: body ? 'POST' : 'GET',
			body,
			headers: { cookie: cookieHeader() },
			redirect: 'manual'
		});
		remember(res);
		body = undefined;
		const location = res.headers.get('location');
		if (location) {
			const next = new URL(location, url);
			if (!next.href.startsWith(new URL(authorizationUrl).origin)) return next;
			url = next.href;
			continue;
		}
		const html = await res.text();
		const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
		const prompt = /name="prompt" value="([^"]+)"/.exec(html)?.[1];
		if (!action || !prompt)
			throw new Error(`unexpected provider page (${res.status}): ${html.slice(0, 300)}`);
		url = new URL(action.replace(/&amp;/g, '&'), url).href;
		body = new URLSearchParams(prompt === 'login' ? { prompt, login, password: 'x' } : { prompt });
	}
	throw new Error('too many redirects at the provider');
}
