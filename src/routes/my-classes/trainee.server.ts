// The trainee's own class (404 unless they hold an enrolment of it).
import { error, type RequestEvent } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages.js';
import { guard } from '$lib/server/auth';
import { db } from '$lib/server/db';
import { traineeClass } from '$lib/server/classes/access';
import { parseId } from '$lib/api/ids';

export async function requireTrainee(event: RequestEvent<{ id: string }>) {
	const user = guard.requireUser(event);
	const id = parseId(event.params.id);
	const cls = id === null ? null : await traineeClass(db(), user.id, id);
	if (!cls) error(404, m.class_err_not_found());
	return { user, cls };
}
