// The programme of the URL, if the person may manage it; 404 otherwise (as if it did not exist).
import { error, type RequestEvent } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages.js';
import { guard } from '$lib/server/auth';
import { db } from '$lib/server/db';
import { getProgramme, programmeId, type ProgrammeDetail } from '$lib/server/programmes';
import type { SessionUser } from '$lib/server/auth/types';

export async function requireProgramme(
	event: RequestEvent
): Promise<{ user: SessionUser; programme: ProgrammeDetail }> {
	const user = guard.requireRole(event, 'admin', 'leader');
	const id = programmeId(event.params.id ?? '');
	const programme = id === null ? null : await getProgramme(db(), user, id);
	if (!programme) error(404, m.prog_err_not_found());
	return { user, programme };
}
