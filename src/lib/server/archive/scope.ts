// Whose archive a viewer may open: their own; a unit leader anyone in their
// subtrees; an administrator everyone. Anything else is 404, as if the
// person did not exist (the reports' rule, guard.isUnitInScope).
import { error } from '@sveltejs/kit';
import type { Db } from '../db/index.ts';
import type { SessionUser } from '../auth/types.ts';
import { guard } from '../auth/index.ts';
import { m } from '../../paraglide/messages.js';
import type { ArchivePerson } from '../../api/archive.ts';
import { archivePerson } from './person.ts';

export async function requireArchivePerson(
	sql: Db,
	viewer: SessionUser,
	personId: number
): Promise<ArchivePerson> {
	if (!Number.isSafeInteger(personId) || personId <= 0) error(404, m.error_not_found());
	if (personId !== viewer.id) {
		const [u] = await sql`select unit_id from users where id = ${personId}`;
		if (!u || !(await guard.isUnitInScope(sql, viewer, u.unit_id))) error(404, m.error_not_found());
	}
	const person = await archivePerson(sql, personId);
	if (!person) error(404, m.error_not_found());
	return person;
}

/** The year asked for in ?year=, within ten years back from the current one; else the current. */
export function parseYear(raw: string | null, current: number): number {
	const y = Number(raw);
	return Number.isInteger(y) && y <= current && y > current - 10 ? y : current;
}

export const yearChoices = (current: number): number[] =>
	Array.from({ length: 10 }, (_, i) => current - i);
