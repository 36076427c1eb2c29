// Publishing (draft → published: everyone in the audience gets an assignment,
// in bulk), archiving (published → archived: rows stay as history, nothing is
// synced or counted any more) and deleting drafts.
import type postgres from 'postgres';
import type { SessionUser } from '../auth/types.ts';
import { manageableFilter } from './access.ts';
import { syncAssignments } from './audience.ts';
import type { ProgrammeError } from './validate.ts';

export type PublishResult =
	{ ok: true; assigned: number; ms: number } | { ok: false; errors: ProgrammeError[] };

/**
 * Publishes a draft the person may manage (null: no such programme). Refused
 * when it is not a draft, its deadline has passed, or a course is no longer
 * published. Assignment rows for the whole audience come from one INSERT …
 * SELECT over org_closure, with counters derived from what people already did.
 */
export async function publishProgramme(
	sql: postgres.Sql,
	id: number,
	by: SessionUser
): Promise<PublishResult | null> {
	const t0 = performance.now();
	return sql.begin(async (tx) => {
		const [p] = await tx`
			select p.status, p.deadline, now() as now from programmes p
			where p.id = ${id} and ${manageableFilter(tx, by)} for update`;
		if (!p) return null;
		if (p.status !== 'draft')
			return { ok: false as const, errors: [{ field: 'title', code: 'not_draft' }] };
		if (p.deadline <= p.now)
			return { ok: false as const, errors: [{ field: 'deadlineOn', code: 'passed' }] };
		const unpublished = await tx`
			select c.title from programme_courses pc join courses c on c.id = pc.course_id
			where pc.programme_id = ${id} and c.status <> 'published'`;
		if (unpublished.length) {
			return {
				ok: false as const,
				errors: unpublished.map((c) => ({
					field: 'courses' as const,
					code: 'not_published',
					params: { value: c.title }
				}))
			};
		}
		await tx`update programmes set status = 'published', published_at = ${p.now}, updated_at = ${p.now} where id = ${id}`;
		const { upserted } = await syncAssignments(tx, { programmeId: id }, p.now);
		return { ok: true as const, assigned: upserted, ms: Math.round(performance.now() - t0) };
	});
}

/** published → archived. Null: not found / not manageable; false: not published. */
export async function archiveProgramme(
	sql: postgres.Sql,
	id: number,
	by: SessionUser
): Promise<boolean | null> {
	const [row] =
		await sql`select p.status from programmes p where p.id = ${id} and ${manageableFilter(sql, by)}`;
	if (!row) return null;
	const r =
		await sql`update programmes set status = 'archived', updated_at = now() where id = ${id} and status = 'published'`;
	return r.count > 0;
}

/** Deletes a draft (nothing was ever assigned). Null: not found / not manageable; false: not a draft. */
export async function deleteDraft(
	sql: postgres.Sql,
	id: number,
	by: SessionUser
): Promise<boolean | null> {
	const [row] =
		await sql`select p.status from programmes p where p.id = ${id} and ${manageableFilter(sql, by)}`;
	if (!row) return null;
	const r = await sql`delete from programmes where id = ${id} and status = 'draft'`;
	return r.count > 0;
}
