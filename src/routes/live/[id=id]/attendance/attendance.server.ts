// Shared by the attendance page and its export: access (404 when not allowed,
// as if it did not exist) and the unit being looked at.
import { error, type RequestEvent } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages.js';
import { guard } from '$lib/server/auth';
import { db } from '$lib/server/db';
import { reportAccess, unitVisible, type ReportAccess } from '$lib/server/live/attendance-report';
import { parseId } from '$lib/api/ids';

export async function loadAccess(
	event: RequestEvent<{ id: string }>
): Promise<{ access: ReportAccess; unitId: number | null }> {
	const user = guard.requireUser(event);
	const id = parseId(event.params.id);
	const access = id === null ? null : await reportAccess(db(), user, id);
	if (!access) error(404, m.error_not_found());
	const raw = event.url.searchParams.get('unit');
	const unitId = raw === null || raw === '' ? null : parseId(raw);
	if (raw && (unitId === null || !(await unitVisible(db(), access, unitId))))
		error(404, m.error_not_found());
	return { access, unitId };
}
