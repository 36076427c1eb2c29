import { error, redirect } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { m } from '$lib/paraglide/messages.js';
import { safeNext } from '$lib/server/auth';
import { begin, encodeFlow, FLOW_COOKIE, FLOW_SECONDS, ssoConfig } from '$lib/server/auth/sso';
import { errorBody } from '$lib/server/edge/errors';

// GET /login/sso?next=… → the provider's sign-in page (PKCE, state and nonce remembered in a cookie).
export const GET: RequestHandler = async ({ url, cookies }) => {
	const o = ssoConfig();
	if (!o) error(404, errorBody('not_found', m.error_not_found()));
	let started: Awaited<ReturnType<typeof begin>>;
	try {
		started = await begin(o, url.origin, safeNext(url.searchParams.get('next')));
	} catch (e) {
		console.error('sso: the provider could not be reached:', (e as Error).message);
		error(502, errorBody('sso_unavailable', m.sso_unavailable()));
	}
	cookies.set(FLOW_COOKIE, encodeFlow(started.flow), {
		path: '/login/sso',
		httpOnly: true,
		sameSite: 'lax',
		secure: url.protocol === 'https:',
		maxAge: FLOW_SECONDS
	});
	redirect(303, started.url.href);
};
