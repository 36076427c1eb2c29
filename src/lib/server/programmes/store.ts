// Creating and editing programmes. Input is validated (validate.ts), then
// checked against the database inside the one transaction that writes it:
// courses published, the electives' hours enough for an hours rule, every
// unit and named person inside the leader's subtree. Any problem → its
// errors and nothing written. A published programme keeps its courses and
// rules (assignments' progress is counted against them); its texts, dates,
// anti-idling settings and audience may change (the audience is re-synced).
import type postgres from 'postgres';
import type { SessionUser } from '../auth/types.ts';
import { scopeRootIds } from '../auth/guard.ts';
import { courseCreditHours } from '../credit/rules.ts';
import { manageableFilter } from './access.ts';
import { syncAssignments } from './audience.ts';
import type { ProgrammeError, ProgrammeInput } from './validate.ts';

export type SaveResult = { ok: true; id: number } | { ok: false; errors: ProgrammeError[] };

class Refused extends Error {
	constructor(public errors: ProgrammeError[]) {
		super('programme refused');
	}
}

/** Creates (id null) or edits a programme. Null: no such programme the person may manage. */
export async function saveProgramme(
	sql: postgres.Sql,
	user: SessionUser,
	id: number | null,
	input: ProgrammeInput
): Promise<SaveResult | null> {
	input = {
		...input,
		unitIds: [...new Set(input.unitIds)],
		personIds: [...new Set(input.personIds)]
	};
	try {
		return await sql.begin(async (tx) => {
			let status = 'draft';
			if (id !== null) {
				const [row] =
					await tx`select p.status from programmes p where p.id = ${id} and ${manageableFilter(tx, user)} for update`;
				if (!row) return null;
				status = row.status;
				if (status === 'archived') throw new Refused([{ field: 'title', code: 'archived' }]);
			}
			const errors: ProgrammeError[] = [];
			if (status === 'draft') errors.push(...(await checkCourses(tx, input)));
			const owner = await checkAudience(tx, user, input, errors);
			if (errors.length) throw new Refused(errors);
			const ranks = input.rankLevels;
			let pid: number;
			if (id === null) {
				const [row] = await tx`
					insert into programmes (title, description, owner_unit_id, created_by, starts_at, deadline, min_electives,
						min_elective_hours, rank_levels, presence_check, max_credited_rate)
					values (${input.title}, ${input.description}, ${owner}, ${user.id}, ${input.startsAt}, ${input.deadline},
						${input.minElectives}, ${input.minElectiveHours}, ${ranks}::text[], ${input.presenceCheck}, ${input.maxCreditedRate})
					returning id`;
				pid = row.id;
			} else {
				pid = id;
				await tx`
					update programmes set title = ${input.title}, description = ${input.description},
						starts_at = ${input.startsAt}, deadline = ${input.deadline}, rank_levels = ${ranks}::text[],
						presence_check = ${input.presenceCheck}, max_credited_rate = ${input.maxCreditedRate},
						owner_unit_id = coalesce(${owner}::int, owner_unit_id), updated_at = now()
					where id = ${pid}`;
				if (status === 'draft') {
					await tx`
						update programmes set min_electives = ${input.minElectives}, min_elective_hours = ${input.minElectiveHours}
						where id = ${pid}`;
				}
			}
			if (status === 'draft') {
				const ids = [...input.requiredCourseIds, ...input.electiveCourseIds];
				await tx`delete from programme_courses where programme_id = ${pid}`;
				await tx`
					insert into programme_courses (programme_id, course_id, required, position)
					select ${pid}, c, o <= ${input.requiredCourseIds.length}, o::int - 1
					from unnest(${ids}::int[]) with ordinality as t (c, o)`;
			}
			await tx`delete from programme_units where programme_id = ${pid}`;
			await tx`delete from programme_people where programme_id = ${pid}`;
			await tx`insert into programme_units (programme_id, unit_id) select ${pid}, unnest(${input.unitIds}::int[])`;
			await tx`insert into programme_people (programme_id, user_id) select ${pid}, unnest(${input.personIds}::int[])`;
			if (status === 'published')
				await syncAssignments(tx, { programmeId: pid }, (await tx`select now() as now`)[0].now);
			return { ok: true as const, id: pid };
		});
	} catch (e) {
		if (e instanceof Refused) return { ok: false, errors: e.errors };
		throw e;
	}
}

/** Every course must exist and be published; an hours rule must be reachable with the electives. */
export async function checkCourses(
	tx: postgres.TransactionSql | postgres.Sql,
	input: ProgrammeInput
): Promise<ProgrammeError[]> {
	const ids = [...input.requiredCourseIds, ...input.electiveCourseIds];
	const rows = await tx`
		select c.id, c.title, c.status, coalesce(sum(l.duration_seconds) filter (where l.media_id is not null), 0)::int as seconds
		from courses c left join lessons l on l.course_id = c.id
		where c.id = any(${ids}::int[])
		group by c.id`;
	const byId = new Map(rows.map((r) => [r.id as number, r]));
	const errors: ProgrammeError[] = [];
	for (const cid of ids) {
		const c = byId.get(cid);
		if (!c) errors.push({ field: 'courses', code: 'unknown', params: { value: String(cid) } });
		else if (c.status !== 'published')
			errors.push({ field: 'courses', code: 'not_published', params: { value: c.title } });
	}
	if (!errors.length && input.minElectiveHours !== null) {
		let available = 0;
		for (const cid of input.electiveCourseIds)
			available += await courseCreditHours(tx, byId.get(cid)!.seconds);
		if (available < input.minElectiveHours) {
			errors.push({
				field: 'electiveRule',
				code: 'hours_too_high',
				params: { hours: input.minElectiveHours, available }
			});
		}
	}
	return errors;
}

/**
 * Units and people must exist; for a leader they must all lie in one of their
 * subtrees, whose root becomes the owner (null for an administrator).
 */
async function checkAudience(
	tx: postgres.TransactionSql,
	user: SessionUser,
	input: ProgrammeInput,
	errors: ProgrammeError[]
): Promise<number | null> {
	const units = await tx`
		select u.id, u.name from org_units u where u.id = any(${input.unitIds}::int[])`;
	for (const uid of input.unitIds) {
		if (!units.some((u) => u.id === uid))
			errors.push({ field: 'units', code: 'unknown', params: { value: String(uid) } });
	}
	const people =
		await tx`select id, employee_no, unit_id from users where id = any(${input.personIds}::int[])`;
	for (const pid of input.personIds) {
		if (!people.some((p) => p.id === pid))
			errors.push({ field: 'people', code: 'unknown', params: { value: String(pid) } });
	}
	const roots = scopeRootIds(user);
	if (roots === null || errors.length) return null;
	// For each unit in question, the leader's roots above it.
	const needed = [...new Set([...input.unitIds, ...people.map((p) => p.unit_id as number)])];
	const rows = await tx`
		select descendant_id as unit, array_agg(ancestor_id) as roots from org_closure
		where descendant_id = any(${needed}::int[]) and ancestor_id = any(${roots}::int[])
		group by descendant_id`;
	const rootsOf = new Map(rows.map((r) => [r.unit as number, r.roots as number[]]));
	for (const u of units)
		if (!rootsOf.has(u.id))
			errors.push({ field: 'units', code: 'out_of_scope', params: { value: u.name } });
	for (const p of people)
		if (!rootsOf.has(p.unit_id))
			errors.push({ field: 'people', code: 'out_of_scope', params: { value: p.employee_no } });
	if (errors.length) return null;
	const common = roots.find((r) => needed.every((u) => rootsOf.get(u)!.includes(r)));
	if (common === undefined) {
		errors.push({ field: 'audience', code: 'spans_scopes' });
		return null;
	}
	return common;
}
