// Shared by the live pages: ids, the session a person may manage (404 when it
// does not exist or is not theirs, so nothing leaks), form → input, and
// LiveError → 400 with a message in the UI language.
import { error, fail, type RequestEvent } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages.js';
import { guard } from '$lib/server/auth';
import type { SessionUser } from '$lib/server/auth/types';
import { db } from '$lib/server/db';
import { LiveError } from '$lib/server/live/errors';
import { liveErrorMessage } from '$lib/server/live/messages';
import { canManage, getSession, type LiveSession } from '$lib/server/live/sessions';
import type { RawSessionInput } from '$lib/server/live/validation';
import { parseId } from '$lib/api/ids';

/** The session's lecturer or an admin. */
export async function requireManaged(
	event: RequestEvent<{ id: string }>
): Promise<{ user: SessionUser; session: LiveSession }> {
	const user = guard.requireRole(event, 'lecturer', 'admin');
	const id = parseId(event.params.id);
	const session = id === null ? null : await getSession(db(), id);
	if (!session || !canManage(user, session)) error(404, m.live_err_not_found());
	return { user, session };
}

const text = (form: FormData, name: string) => {
	const v = form.get(name);
	return typeof v === 'string' ? v : '';
};

export function readSessionForm(form: FormData): RawSessionInput & Record<string, unknown> {
	return {
		title: text(form, 'title'),
		description: text(form, 'description'),
		startsAt: text(form, 'startsAt'),
		tzOffset: text(form, 'tzOffset'),
		expectedMinutes: text(form, 'expectedMinutes'),
		creditHours: text(form, 'creditHours'),
		lecturerId: text(form, 'lecturerId'),
		programmeId: text(form, 'programmeId'),
		courseId: text(form, 'courseId'),
		unitIds: form.getAll('unitIds').filter((v) => typeof v === 'string'),
		// absent (a lecturer's read-only checkbox): unchanged
		concentrated: form.has('concentrated')
			? form.getAll('concentrated').filter((v) => typeof v === 'string')
			: undefined
	};
}

/** Runs a live operation; a LiveError becomes a 400 with its message and the typed values. */
export async function attempt<T>(values: Record<string, unknown>, fn: () => Promise<T>) {
	try {
		return { ok: true as const, value: await fn() };
	} catch (e) {
		if (e instanceof LiveError)
			return { ok: false as const, failure: fail(400, { error: liveErrorMessage(e), values }) };
		throw e;
	}
}
