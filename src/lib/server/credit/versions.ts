// Versions of the credit rule set: read them with their periods and entry
// counts, add one that takes effect from a day, remove one not yet in force.
// A version's rows are written in one transaction; an entry keeps the version
// it was earned under, so none of this changes what anyone has already earned.
import type { Db } from '../db/index.ts';
import type { RuleSet, RuleVersion } from '../../api/credit-rules.ts';
import { inTransaction } from '../db/tx.ts';
import type { RuleError, RuleSetInput } from './validate.ts';

interface RuleRow {
	kind: string;
	min_seconds: number | null;
	max_seconds: number | null;
	hours: string;
	min_presence_ratio: string | null;
	require_all_checkins: boolean | null;
}

/** A version's rows as the form's rule set (the shape writeRules stores). */
export function ruleSetOf(rows: RuleRow[]): RuleSet {
	const one = (kind: string) => rows.find((r) => r.kind === kind);
	const bands = rows
		.filter((r) => r.kind === 'course_duration')
		.sort((a, b) => (b.min_seconds ?? 0) - (a.min_seconds ?? 0));
	const [long, mid, short] = bands;
	const live = one('live_attendance');
	return {
		course: {
			longMinutes: Math.round((long?.min_seconds ?? 1800) / 60),
			shortMinutes: Math.round(((short?.max_seconds ?? 901) - 1) / 60),
			longHours: Number(long?.hours ?? 0),
			midHours: Number(mid?.hours ?? 0),
			shortHours: Number(short?.hours ?? 0)
		},
		testPassHours: Number(one('course_test_pass')?.hours ?? 0),
		live: {
			minPresencePercent: Math.round(Number(live?.min_presence_ratio ?? 0.8) * 100),
			requireAllCheckins: live?.require_all_checkins ?? true
		},
		offlineDayHours: Number(one('offline_class_day')?.hours ?? 0),
		teachingSessionHours: Number(one('teaching_session')?.hours ?? 0)
	};
}

/** Every version, newest first, each with the last day it is in force. */
export async function listVersions(sql: Db, zone: string): Promise<RuleVersion[]> {
	const versions = await sql`
		select v.id, to_char(v.valid_from at time zone ${zone}, 'YYYY-MM-DD') as valid_from,
			to_char(lead(v.valid_from) over (order by v.valid_from) at time zone ${zone} - interval '1 day', 'YYYY-MM-DD') as valid_to,
			v.note, v.created_by,
			(select count(*)::int from credit_ledger l where l.rule_version_id = v.id) as entries
		from credit_rule_versions v
		order by v.valid_from desc`;
	const rows = await sql<(RuleRow & { version_id: number })[]>`
		select version_id, kind, min_seconds, max_seconds, hours, min_presence_ratio, require_all_checkins
		from credit_rules`;
	return versions.map((v) => ({
		id: v.id,
		validFrom: v.valid_from,
		validTo: v.valid_to,
		note: v.note,
		createdBy: v.created_by,
		entries: v.entries,
		rules: ruleSetOf(rows.filter((r) => r.version_id === v.id))
	}));
}

/** Adds a version in force from the start of `validFrom` in `zone`. */
export async function createVersion(
	sql: Db,
	input: RuleSetInput,
	by: number,
	zone: string
): Promise<{ ok: true; id: number } | { ok: false; errors: RuleError[] }> {
	try {
		const id = await inTransaction(sql, async (tx) => {
			const [v] = await tx`
				insert into credit_rule_versions (valid_from, note, created_by)
				values ((${input.validFrom}::date)::timestamp at time zone ${zone}, ${input.note},
					(select name from users where id = ${by}))
				returning id`;
			await writeRules(tx, v.id, input.rules);
			return v.id as number;
		});
		return { ok: true, id };
	} catch (e) {
		if ((e as { code?: string }).code === '23505')
			return { ok: false, errors: [{ field: 'validFrom', code: 'date_taken' }] };
		throw e;
	}
}

async function writeRules(tx: Db, versionId: number, r: RuleSet): Promise<void> {
	const long = r.course.longMinutes * 60;
	const shortEnd = r.course.shortMinutes * 60 + 1; // "≤ shortMinutes" is short
	await tx`
		insert into credit_rules (version_id, kind, min_seconds, max_seconds, hours, min_presence_ratio, require_all_checkins)
		values
			(${versionId}, 'course_duration', ${long}, null, ${r.course.longHours}, null, null),
			(${versionId}, 'course_duration', ${shortEnd}, ${long}, ${r.course.midHours}, null, null),
			(${versionId}, 'course_duration', 0, ${shortEnd}, ${r.course.shortHours}, null, null),
			(${versionId}, 'course_test_pass', null, null, ${r.testPassHours}, null, null),
			(${versionId}, 'live_attendance', null, null, 0, ${r.live.minPresencePercent / 100}, ${r.live.requireAllCheckins}),
			(${versionId}, 'offline_class_day', null, null, ${r.offlineDayHours}, null, null),
			(${versionId}, 'teaching_session', null, null, ${r.teachingSessionHours}, null, null)`;
}

/** Removes a version that has not yet come into force (so no entry can be under it). False if it has. */
export async function deleteFutureVersion(sql: Db, id: number): Promise<boolean> {
	const rows = await sql`
		delete from credit_rule_versions
		where id = ${id} and valid_from > now()
			and not exists (select 1 from credit_ledger where rule_version_id = ${id})
		returning id`;
	return rows.length > 0;
}
