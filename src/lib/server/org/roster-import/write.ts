// Writes validated rows: batched `unnest` upserts keyed by employee number
// (case-insensitively, as sign-in matches it: index users_employee_no_ci).
// Existing people get name, unit, rank, position and phone, and the
// specialised-post flag when the file gives one (never password or roles);
// new people get the one shared initial-password hash and must change it at
// first login. Run inside the import's single transaction.
import type { Db } from '$lib/server/db';
import type { ValidRow } from './validate.ts';
import { reactions } from '../../reactions.ts';

export const BATCH_ROWS = 2000;

export interface WriteSummary {
	inserted: number;
	updated: number;
	/** Rows whose person already had exactly these values. */
	unchanged: number;
}

export async function writeRows(
	sql: Db,
	rows: ValidRow[],
	initialPasswordHash: string | null
): Promise<WriteSummary> {
	const summary: WriteSummary = { inserted: 0, updated: 0, unchanged: 0 };
	for (let start = 0; start < rows.length; start += BATCH_ROWS) {
		const batch = rows.slice(start, start + BATCH_ROWS);
		const [r] = await sql<{ inserted: number; updated: number; ids: number[] }[]>`
			with raw as (
				select * from unnest(
					${batch.map((b) => b.employeeNo)}::text[],
					${batch.map((b) => b.name)}::text[],
					${batch.map((b) => b.unitId)}::int[],
					${batch.map((b) => b.rankLevel)}::text[],
					${batch.map((b) => b.position)}::text[],
					${batch.map((b) => b.phone)}::text[],
					${batch.map((b) => (b.specialisedPost === undefined ? null : String(b.specialisedPost)))}::text[]
				) as t (employee_no, name, unit_id, rank_level, position, phone, specialised)
			),
			t as (select raw.*, raw.specialised::boolean as specialised_post from raw),
			-- Rows that are new or differ: unchanged people are not even locked.
			todo as (
				select t.* from t left join users u on lower(u.employee_no) = lower(t.employee_no)
				where u.id is null
					or (u.name, u.unit_id, u.rank_level, u.position, u.phone)
						is distinct from (t.name, t.unit_id, t.rank_level, t.position, t.phone)
					or u.specialised_post is distinct from coalesce(t.specialised_post, u.specialised_post)
			),
			up as (
				insert into users (employee_no, name, unit_id, rank_level, position, phone, specialised_post, password_hash, must_change_password)
				select employee_no, name, unit_id, rank_level, position, phone, coalesce(specialised_post, false),
					${initialPasswordHash}::text, true from todo
				on conflict ((lower(employee_no))) do update set
					name = excluded.name,
					unit_id = excluded.unit_id,
					rank_level = excluded.rank_level,
					position = excluded.position,
					phone = excluded.phone,
					-- an empty or absent 岗位专业性强/难调岗位 cell keeps what the person had
					specialised_post = coalesce(
						(select t2.specialised_post from todo t2 where lower(t2.employee_no) = lower(excluded.employee_no)),
						users.specialised_post),
					updated_at = now()
				returning id, (xmax = 0) as inserted
			)
			select count(*) filter (where inserted) as inserted, count(*) filter (where not inserted) as updated,
				coalesce(array_agg(id), '{}') as ids
			from up`;
		// New people and people whose unit or rank changed join (or leave) study programmes.
		await reactions().peopleChanged(sql, r.ids);
		summary.inserted += r.inserted;
		summary.updated += r.updated;
		summary.unchanged += batch.length - r.inserted - r.updated;
	}
	return summary;
}

/** Employee numbers among these that are not yet in users (those rows would be inserted). */
export async function countNew(sql: Db, employeeNos: string[]): Promise<number> {
	if (employeeNos.length === 0) return 0;
	const [r] = await sql<{ n: number }[]>`
		select count(*) as n from unnest(${employeeNos}::text[]) as t (employee_no)
		where not exists (select 1 from users u where lower(u.employee_no) = lower(t.employee_no))`;
	return r.n;
}
