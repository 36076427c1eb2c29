// Shared by the organiser's class pages: the class the person organises
// (404 when it does not exist or is outside their scope, so nothing leaks),
// and a refusal of the class domain → 400 with its sentence.
import { error, fail, type RequestEvent } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages.js';
import { guard } from '$lib/server/auth';
import { db } from '$lib/server/db';
import { ClassError, classErrorMessage } from '$lib/server/classes/errors';
import { managedClass } from '$lib/server/classes/access';
import { ManageError } from '$lib/server/classes/manage';
import { parseId } from '$lib/api/ids';

export async function requireManagedClass(event: RequestEvent<{ id: string }>) {
	const user = guard.requireRole(event, 'admin', 'leader');
	const id = parseId(event.params.id);
	const cls = id === null ? null : await managedClass(db(), user, id);
	if (!cls) error(404, m.class_err_not_found());
	return { user, cls };
}

const manageText = {
	capacity_below: () => m.classes_err_capacity_below(),
	quota_below: () => m.classes_err_quota_below(),
	session_attended: () => m.classes_err_session_attended()
};

/** The sentence for a refusal of the class domain, or null for anything else. */
export function refusal(e: unknown): string | null {
	if (e instanceof ClassError) return classErrorMessage(e);
	if (e instanceof ManageError) return manageText[e.code]();
	return null;
}

/** Runs an action's work; a refusal becomes a 400 carrying `error` (and the action's name). */
export async function attempt<T>(action: string, fn: () => Promise<T>) {
	try {
		return await fn();
	} catch (e) {
		const text = refusal(e);
		if (text === null) throw e;
		return fail(400, { action, error: text });
	}
}

export const field = (form: FormData, name: string) => {
	const v = form.get(name);
	return typeof v === 'string' ? v.trim() : '';
};
