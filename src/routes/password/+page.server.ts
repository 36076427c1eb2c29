import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages.js';
import { accounts, guard, safeNext, throttle } from '$lib/server/auth';
import { db } from '$lib/server/db';
import * as edge from '$lib/server/edge';

type Problem = accounts.ChangeProblem;

const messages: Record<Problem, () => string> = {
	too_short: m.auth_password_too_short,
	too_long: m.auth_password_too_long,
	same_as_employee_no: m.auth_password_same_as_employee_no,
	needs_letter_and_digit: m.auth_password_needs_letter_and_digit,
	mismatch: m.auth_password_mismatch,
	current_missing: m.auth_password_current_missing,
	current_wrong: m.auth_password_current_wrong,
	same_as_current: m.auth_password_same_as_current
};

function fieldOf(problem: Problem | 'throttled'): 'current' | 'password' | 'confirm' {
	if (problem === 'mismatch') return 'confirm';
	if (problem.startsWith('current') || problem === 'throttled') return 'current';
	return 'password';
}

export const load: PageServerLoad = (event) => {
	const user = guard.requireUser(event);
	return {
		mustChange: user.mustChangePassword,
		next: safeNext(event.url.searchParams.get('next'))
	};
};

export const actions: Actions = {
	default: async (event) => {
		const user = guard.requireUser(event);
		const form = await event.request.formData();
		const field = (name: string) => String(form.get(name) ?? '');
		const result = await accounts.changeOwnPassword(db(), user.id, {
			current: field('current'),
			password: field('password'),
			confirm: field('confirm'),
			ip: event.getClientAddress()
		});
		if (!result.ok) {
			if (result.problem === 'throttled') {
				const minutes = throttle.retryMinutes(result.retryAfterSeconds);
				return fail(429, { field: fieldOf('throttled'), error: m.auth_throttled({ minutes }) });
			}
			return fail(400, { field: fieldOf(result.problem), error: messages[result.problem]() });
		}
		// Every old session ended (other devices too); this browser gets the fresh one.
		edge.setSessionCookie(event.cookies, result.token, event.url);
		redirect(303, safeNext(form.get('next')));
	}
};
