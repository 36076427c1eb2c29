// Who may manage which programme: administrators every one; a unit leader
// those owned by a unit inside their subtrees (owner_unit_id). Anything else
// is answered as if it did not exist (the routes turn null into 404).
import type postgres from 'postgres';
import type { Db } from '../db/index.ts';
import type { SessionUser } from '../auth/types.ts';
import { scopeRootIds } from '../auth/guard.ts';

/** SQL condition on programmes `p`: the person may manage it. */
export function manageableFilter(
	sql: Db,
	user: SessionUser
): postgres.PendingQuery<postgres.Row[]> {
	const roots = scopeRootIds(user);
	if (roots === null) return sql`true`;
	if (roots.length === 0) return sql`false`;
	return sql`p.owner_unit_id in (select descendant_id from org_closure where ancestor_id = any(${roots}::int[]))`;
}

export async function canManageProgramme(sql: Db, user: SessionUser, id: number): Promise<boolean> {
	if (!Number.isSafeInteger(id) || id <= 0) return false;
	const [row] =
		await sql`select 1 from programmes p where p.id = ${id} and ${manageableFilter(sql, user)}`;
	return !!row;
}

/** Parses a programme id from a URL segment; null when it is not one. */
export function programmeId(raw: string): number | null {
	if (!/^\d{1,9}$/.test(raw)) return null;
	const id = Number(raw);
	return id > 0 ? id : null;
}
