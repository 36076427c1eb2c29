import { redirect } from '@sveltejs/kit';
import type { Actions } from './$types';
import { safeNext } from '$lib/server/auth';
import { db } from '$lib/server/db';
import * as edge from '$lib/server/edge';
import { isLocale } from '$lib/paraglide/runtime';

export const actions: Actions = {
	// Kept per user (users.locale) and in a cookie for the signed-out pages.
	default: async ({ request, cookies, locals, url }) => {
		const form = await request.formData();
		const locale = String(form.get('locale'));
		if (isLocale(locale)) {
			edge.setLocaleCookie(cookies, locale, url);
			if (locals.user) await db()`update users set locale = ${locale} where id = ${locals.user.id}`;
		}
		redirect(303, safeNext(form.get('next')));
	}
};
