// Shared by the new/edit pages: form → ProgrammeRaw (unit paths and employee
// numbers resolved), errors → messages in the UI language, and what the form
// needs to render.
import type postgres from 'postgres';
import { m } from '$lib/paraglide/messages.js';
import type { SessionUser } from '$lib/server/auth/types';
import { guard } from '$lib/server/auth';
import { RANK_LEVELS, rankLabel } from '$lib/server/org/rank-levels';
import { normaliseUnitPath, unitPathMap, unitPathsOf } from '$lib/server/org/unit-paths';
import type { FormValues } from './form-values';
import { publishedCourses, type ProgrammeError, type ProgrammeRaw } from '$lib/server/programmes';

export type { FormValues } from './form-values';

const lines = (text: string) =>
	[
		...new Set(
			text
				.split(/\r?\n|[,，;；]/)
				.map((s) => s.trim())
				.filter(Boolean)
		)
	].slice(0, 5000);

export function formValues(form: FormData): FormValues {
	const text = (k: string, max = 10_000) => String(form.get(k) ?? '').slice(0, max);
	const courses: Record<string, string> = {};
	for (const [k, v] of form.entries()) {
		const match = /^course-(\d{1,9})$/.exec(k);
		if (match && (v === 'required' || v === 'elective')) courses[match[1]] = v;
	}
	return {
		title: text('title', 1000),
		description: text('description', 20_000),
		courses,
		electiveRule: text('electiveRule', 20),
		minElectives: text('minElectives', 20),
		minElectiveHours: text('minElectiveHours', 20),
		units: text('units', 200_000),
		rankLevels: form.getAll('rankLevels').map(String).slice(0, 10),
		people: text('people', 200_000),
		startsOn: text('startsOn', 20),
		deadlineOn: text('deadlineOn', 20),
		presenceCheck: form.get('presenceCheck') === 'on',
		maxCreditedRate: text('maxCreditedRate', 20)
	};
}

/** Resolves unit paths and employee numbers; what is not found is listed for the validator. */
export async function toRaw(sql: postgres.Sql, v: FormValues): Promise<ProgrammeRaw> {
	const map = await unitPathMap(sql);
	const unitIds: number[] = [];
	const unknownUnits: string[] = [];
	for (const path of lines(v.units)) {
		const id = map.get(normaliseUnitPath(path));
		if (id === undefined) unknownUnits.push(path);
		else unitIds.push(id);
	}
	const nos = lines(v.people);
	const found = nos.length
		? await sql<{ id: number; no: string }[]>`
			select id, lower(employee_no) as no from users where lower(employee_no) = any(${nos.map((n) => n.toLowerCase())}::text[])`
		: [];
	const byNo = new Map(found.map((f) => [f.no, f.id]));
	return {
		title: v.title,
		description: v.description,
		courses: Object.entries(v.courses).map(([id, role]) => ({ courseId: Number(id), role })),
		electiveRule: v.electiveRule,
		minElectives: v.minElectives,
		minElectiveHours: v.minElectiveHours,
		unitIds,
		unknownUnits,
		rankLevels: v.rankLevels,
		personIds: nos.filter((n) => byNo.has(n.toLowerCase())).map((n) => byNo.get(n.toLowerCase())!),
		unknownPeople: nos.filter((n) => !byNo.has(n.toLowerCase())),
		startsOn: v.startsOn,
		deadlineOn: v.deadlineOn,
		presenceCheck: v.presenceCheck,
		maxCreditedRate: v.maxCreditedRate
	};
}

/** Field → messages. */
export function errorMessages(errors: ProgrammeError[]): Record<string, string[]> {
	const out: Record<string, string[]> = {};
	for (const e of errors) {
		(out[e.field] ??= []).push(message(e));
	}
	return out;
}

function message(e: ProgrammeError): string {
	const p = Object.fromEntries(Object.entries(e.params ?? {}).map(([k, v]) => [k, String(v)]));
	const key = `${e.field}:${e.code}`;
	switch (key) {
		case 'title:required':
			return m.prog_err_title_required();
		case 'title:too_long':
			return m.prog_err_title_too_long({ max: p.max });
		case 'title:archived':
			return m.prog_err_title_archived();
		case 'title:not_draft':
			return m.prog_err_title_not_draft();
		case 'description:too_long':
			return m.prog_err_description_too_long({ max: p.max });
		case 'courses:none':
			return m.prog_err_courses_none();
		case 'courses:unknown':
			return m.prog_err_courses_unknown({ value: p.value });
		case 'courses:not_published':
			return m.prog_err_courses_not_published({ value: p.value });
		case 'electiveRule:count_invalid':
			return m.prog_err_rule_count_invalid();
		case 'electiveRule:count_too_high':
			return m.prog_err_rule_count_too_high({ n: p.n, electives: p.electives });
		case 'electiveRule:hours_invalid':
			return m.prog_err_rule_hours_invalid();
		case 'electiveRule:no_electives':
			return m.prog_err_rule_no_electives();
		case 'electiveRule:hours_too_high':
			return m.prog_err_rule_hours_too_high({ hours: p.hours, available: p.available });
		case 'electiveRule:needed':
			return m.prog_err_rule_needed();
		case 'audience:empty':
			return m.prog_err_audience_empty();
		case 'audience:spans_scopes':
			return m.prog_err_audience_spans_scopes();
		case 'units:unknown':
			return m.prog_err_units_unknown({ value: p.value });
		case 'units:out_of_scope':
			return m.prog_err_units_out_of_scope({ value: p.value });
		case 'units:too_many':
			return m.prog_err_units_too_many({ max: p.max });
		case 'people:unknown':
			return m.prog_err_people_unknown({ value: p.value });
		case 'people:out_of_scope':
			return m.prog_err_people_out_of_scope({ value: p.value });
		case 'people:too_many':
			return m.prog_err_people_too_many({ max: p.max });
		case 'rankLevels:invalid':
			return m.prog_err_ranks_invalid();
		case 'startsOn:required':
			return m.prog_err_starts_required();
		case 'startsOn:invalid':
			return m.prog_err_starts_invalid();
		case 'deadlineOn:required':
			return m.prog_err_deadline_required();
		case 'deadlineOn:invalid':
			return m.prog_err_deadline_invalid();
		case 'deadlineOn:before_start':
			return m.prog_err_deadline_before_start();
		case 'deadlineOn:passed':
			return m.prog_err_deadline_passed();
		case 'maxCreditedRate:invalid':
			return m.prog_err_rate_invalid({ min: p.min, max: p.max });
		default:
			return m.prog_err_rule_invalid();
	}
}

/** Courses to choose from, rank options, and unit paths the person may pick (a datalist). */
export async function formChoices(sql: postgres.Sql, user: SessionUser) {
	const roots = guard.scopeRootIds(user);
	const map = await unitPathMap(sql);
	let paths = [...map.keys()];
	if (roots !== null) {
		const allowed = await sql<{ id: number }[]>`
			select descendant_id as id from org_closure where ancestor_id = any(${roots}::int[])`;
		const ids = new Set(allowed.map((a) => a.id));
		paths = [...map.entries()].filter(([, id]) => ids.has(id)).map(([p]) => p);
	}
	paths.sort((a, b) => a.localeCompare(b, 'zh-CN'));
	const example =
		roots === null
			? (paths[0] ?? '')
			: ((await unitPathsOf(sql, roots.slice(0, 1))).get(roots[0]) ?? '');
	return {
		courses: await publishedCourses(sql),
		ranks: RANK_LEVELS.map((value) => ({ value, label: rankLabel(value) })),
		unitPaths: paths.slice(0, 5000),
		example
	};
}
