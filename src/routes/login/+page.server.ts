import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages.js';
import { login, safeNext, sessions, throttle } from '$lib/server/auth';
import { ssoConfig } from '$lib/server/auth/sso';
import { db } from '$lib/server/db';
import * as edge from '$lib/server/edge';

function afterLogin(mustChangePassword: boolean, next: string): string {
	if (!mustChangePassword) return next;
	return next === '/' ? '/password' : `/password?next=${encodeURIComponent(next)}`;
}

export const load: PageServerLoad = ({ locals, url }) => {
	const next = safeNext(url.searchParams.get('next'));
	if (locals.user) redirect(303, afterLogin(locals.user.mustChangePassword, next));
	return { next, sso: ssoConfig() !== null };
};

export const actions: Actions = {
	default: async (event) => {
		const form = await event.request.formData();
		const employeeNo = String(form.get('employeeNo') ?? '').trim();
		const password = String(form.get('password') ?? '');
		const next = safeNext(form.get('next'));
		if (!employeeNo || !password) return fail(400, { employeeNo, error: m.auth_login_missing() });

		const sql = db();
		const result = await login.signIn(sql, { employeeNo, password, ip: event.getClientAddress() });
		if (!result.ok) {
			if (result.reason === 'throttled') {
				event.setHeaders({ 'retry-after': String(result.retryAfterSeconds) });
				const minutes = throttle.retryMinutes(result.retryAfterSeconds);
				return fail(429, { employeeNo, error: m.auth_throttled({ minutes }) });
			}
			return fail(400, { employeeNo, error: m.auth_login_invalid() });
		}

		// A fresh session at every login; whatever session this browser had ends.
		if (event.locals.session) await sessions.invalidate(sql, event.locals.session.id);
		edge.setSessionCookie(event.cookies, result.token, event.url);
		if (result.locale) edge.setLocaleCookie(event.cookies, result.locale, event.url);
		redirect(303, afterLogin(result.mustChangePassword, next));
	}
};
