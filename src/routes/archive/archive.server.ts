// Shared by /archive (one's own) and /archive/[id] (a person in the viewer's
// scope): who is viewed, the year, the archive itself.
import type { RequestEvent } from '@sveltejs/kit';
import { guard } from '$lib/server/auth';
import { db } from '$lib/server/db';
import { dayOf, orgZone, yearOf } from '$lib/server/clock';
import { personArchive, parseYear, requireArchivePerson, yearChoices } from '$lib/server/archive';

export async function loadArchive(event: RequestEvent, personId: number | null) {
	const viewer = guard.requireUser(event);
	const person = await requireArchivePerson(db(), viewer, personId ?? viewer.id);
	const now = new Date();
	const current = yearOf(now);
	const year = parseYear(event.url.searchParams.get('year'), current);
	const archive = await personArchive(db(), person, year, dayOf(now), orgZone());
	return { archive, years: yearChoices(current), own: person.id === viewer.id };
}
