// 学时 requirements per rank level, versioned (migration 0103): read them,
// the versions in force on a day, and schedule a new version. A new version
// closes the open-ended version it follows (the day before it begins); any
// other overlap is refused, naming the version in the way, and writes nothing.
import type { Db } from '../db/index.ts';
import type { Requirement, RequirementSource, RequirementVersion } from '../../api/archive.ts';
import { inTransaction } from '../db/tx.ts';
import { getLocale } from '../../paraglide/runtime.js';

interface VersionRow {
	id: number;
	requirement_id: number;
	rank_levels: string[];
	sources: RequirementSource[];
	window_years: number;
	hours: string;
	valid_from: string;
	valid_to: string | null;
	note: string;
	created_by: string | null;
}

const toVersion = (r: VersionRow): RequirementVersion => ({
	id: r.id,
	requirementId: r.requirement_id,
	rankLevels: r.rank_levels,
	sources: r.sources,
	windowYears: r.window_years,
	hours: Number(r.hours),
	validFrom: r.valid_from,
	validTo: r.valid_to,
	note: r.note,
	createdBy: r.created_by
});

const versionColumns = (sql: Db) => sql`
	v.id, v.requirement_id, v.rank_levels, v.sources, v.window_years, v.hours,
	to_char(v.valid_from, 'YYYY-MM-DD') as valid_from, to_char(v.valid_to, 'YYYY-MM-DD') as valid_to,
	v.note, v.created_by`;

const nameOf = (r: { name_zh: string; name_en: string }) =>
	getLocale() === 'en' ? r.name_en : r.name_zh;

/** Every requirement with its versions, newest first. */
export async function listRequirements(sql: Db): Promise<Requirement[]> {
	const reqs =
		await sql`select id, code, name_zh, name_en from hour_requirements order by position, id`;
	const rows = await sql<VersionRow[]>`
		select ${versionColumns(sql)} from hour_requirement_versions v order by v.valid_from desc`;
	return reqs.map((r) => ({
		id: r.id,
		code: r.code,
		name: nameOf(r as { name_zh: string; name_en: string }),
		versions: rows.filter((v) => v.requirement_id === r.id).map(toVersion)
	}));
}

export interface VersionInForce extends RequirementVersion {
	name: string;
	code: string;
}

/** The versions in force on `day` (YYYY-MM-DD), optionally for one rank level. */
export async function versionsInForce(
	sql: Db,
	day: string,
	rankLevel?: string
): Promise<VersionInForce[]> {
	const rows = await sql<(VersionRow & { code: string; name_zh: string; name_en: string })[]>`
		select ${versionColumns(sql)}, r.code, r.name_zh, r.name_en
		from hour_requirement_versions v join hour_requirements r on r.id = v.requirement_id
		where v.valid_from <= ${day}::date and (v.valid_to is null or v.valid_to >= ${day}::date)
			and (${rankLevel ?? null}::text is null or ${rankLevel ?? ''} = any(v.rank_levels))
		order by r.position, r.id`;
	return rows.map((r) => ({ ...toVersion(r), code: r.code, name: nameOf(r) }));
}

export interface NewVersion {
	requirementId: number;
	rankLevels: string[];
	sources: RequirementSource[];
	windowYears: number;
	hours: number;
	validFrom: string;
	validTo: string | null;
	note: string;
}

export type CreateResult =
	| { ok: true; id: number }
	| { ok: false; code: 'unknown_requirement' }
	| { ok: false; code: 'overlap'; from: string; to: string | null };

/** Schedules a version; see the top of this file for the overlap rule. */
export async function createRequirementVersion(
	sql: Db,
	input: NewVersion,
	byName: string | null
): Promise<CreateResult> {
	return inTransaction(sql, async (tx) => {
		const [req] = await tx`
			select id from hour_requirements where id = ${input.requirementId} for update`;
		if (!req) return { ok: false, code: 'unknown_requirement' } as const;
		const open = sql`daterange(${input.validFrom}::date, ${input.validTo}::date, '[]')`;
		// the open-ended version it follows ends the day before
		await tx`
			update hour_requirement_versions set valid_to = ${input.validFrom}::date - 1
			where requirement_id = ${input.requirementId} and valid_to is null
				and valid_from < ${input.validFrom}::date`;
		const [clash] = await tx<{ from: string; to: string | null }[]>`
			select to_char(valid_from, 'YYYY-MM-DD') as from, to_char(valid_to, 'YYYY-MM-DD') as to
			from hour_requirement_versions
			where requirement_id = ${input.requirementId}
				and daterange(valid_from, valid_to, '[]') && ${open}
			order by valid_from limit 1`;
		if (clash) throw new Overlap(clash.from, clash.to);
		const [v] = await tx`
			insert into hour_requirement_versions
				(requirement_id, rank_levels, sources, window_years, hours, valid_from, valid_to, note, created_by)
			values (${input.requirementId}, ${input.rankLevels}, ${input.sources}, ${input.windowYears},
				${input.hours}, ${input.validFrom}::date, ${input.validTo}::date, ${input.note}, ${byName})
			returning id`;
		return { ok: true, id: v.id as number } as const;
	}).catch((e) => {
		if (e instanceof Overlap)
			return { ok: false, code: 'overlap', from: e.from, to: e.to } as const;
		// two admins at once: the exclusion constraint is the last word
		if ((e as { code?: string }).code === '23P01')
			return { ok: false, code: 'overlap', from: input.validFrom, to: input.validTo } as const;
		throw e;
	});
}

/** Thrown inside the transaction so the closing of the previous version is undone too. */
class Overlap extends Error {
	constructor(
		readonly from: string,
		readonly to: string | null
	) {
		super('overlapping requirement version');
	}
}

/** Removes a version that has not begun (and reopens the one it closed). False if it has begun. */
export async function deleteFutureRequirementVersion(
	sql: Db,
	id: number,
	today: string
): Promise<boolean> {
	return inTransaction(sql, async (tx) => {
		const [gone] = await tx`
			delete from hour_requirement_versions where id = ${id} and valid_from > ${today}::date
			returning requirement_id, valid_from, valid_to`;
		if (!gone) return false;
		if (gone.valid_to === null)
			await tx`
				update hour_requirement_versions set valid_to = null
				where requirement_id = ${gone.requirement_id} and valid_to = ${gone.valid_from}::date - 1`;
		return true;
	});
}
