import { error, redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages.js';
import { sessions } from '$lib/server/auth';
import { decodeFlow, finish, FLOW_COOKIE, ssoConfig } from '$lib/server/auth/sso';
import { ssoSignIn } from '$lib/server/auth/sso/sign-in';
import { db } from '$lib/server/db';
import * as edge from '$lib/server/edge';
import { errorBody } from '$lib/server/edge/errors';

// The provider sends the browser back here with a code; every refusal is a clear 403 page.
export const load: PageServerLoad = async (event) => {
	const o = ssoConfig();
	if (!o) error(404, errorBody('not_found', m.error_not_found()));
	const flow = decodeFlow(event.cookies.get(FLOW_COOKIE));
	event.cookies.delete(FLOW_COOKIE, { path: '/login/sso' }); // one use only
	if (!flow) error(400, errorBody('sso_expired', m.sso_expired()));
	const done = await finish(o, event.url.origin, event.url, flow);
	if (!done.ok) {
		console.warn(`sso: refused (${done.reason})`);
		if (done.reason === 'provider_error') error(403, errorBody('sso_denied', m.sso_denied()));
		if (done.reason === 'no_claim') error(403, errorBody('sso_no_claim', m.sso_no_claim()));
		error(403, errorBody('sso_checks_failed', m.sso_checks_failed()));
	}
	const sql = db();
	const result = await ssoSignIn(sql, done.employeeNo);
	if (!result.ok) {
		const message =
			result.reason === 'disabled'
				? m.sso_disabled({ employeeNo: done.employeeNo })
				: m.sso_unknown({ employeeNo: done.employeeNo });
		error(403, errorBody(`sso_${result.reason}`, message));
	}
	// A fresh session; whatever session this browser had ends.
	if (event.locals.session) await sessions.invalidate(sql, event.locals.session.id);
	edge.setSessionCookie(event.cookies, result.token, event.url);
	if (result.locale) edge.setLocaleCookie(event.cookies, result.locale, event.url);
	const next = flow.next;
	if (!result.mustChangePassword) redirect(303, next);
	redirect(303, next === '/' ? '/password' : `/password?next=${encodeURIComponent(next)}`);
};
