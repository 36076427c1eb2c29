// The credit rules in force at a moment. Every rule is read from the version
// valid when the credit was earned (credit_version_at in 0080), and the entry
// records that version, so a later change of the rules never changes it.
import type { Db } from '../db/index.ts';

/** Hours a completed course earns for its total duration (whole seconds) under the rules in force at `at`. */
export async function courseCreditHours(
	sql: Db,
	totalSeconds: number,
	at: Date = new Date()
): Promise<number> {
	const [rule] = await sql`
		select hours from credit_rules
		where version_id = credit_version_at(${at}) and kind = 'course_duration'
			and (min_seconds is null or ${totalSeconds} >= min_seconds)
			and (max_seconds is null or ${totalSeconds} < max_seconds)
		order by hours desc
		limit 1`;
	return rule ? Number(rule.hours) : 0;
}

/** Hours for passing a course test under the rules in force at `at`. */
export async function testPassHours(sql: Db, at: Date = new Date()): Promise<number> {
	const [rule] = await sql`
		select hours from credit_rules
		where version_id = credit_version_at(${at}) and kind = 'course_test_pass'
		order by id limit 1`;
	return rule ? Number(rule.hours) : 0;
}

export interface AttendanceRule {
	minPresenceRatio: number;
	requireAllCheckins: boolean;
}

export const DEFAULT_ATTENDANCE: AttendanceRule = {
	minPresenceRatio: 0.8,
	requireAllCheckins: true
};

/** When a live session's attendance earns its hours, under the rules in force at `at`. */
export async function attendanceRule(sql: Db, at: Date = new Date()): Promise<AttendanceRule> {
	const [row] = await sql`
		select min_presence_ratio, require_all_checkins from credit_rules
		where version_id = credit_version_at(${at}) and kind = 'live_attendance'
		order by id limit 1`;
	if (!row) return DEFAULT_ATTENDANCE;
	return {
		minPresenceRatio:
			row.min_presence_ratio === null
				? DEFAULT_ATTENDANCE.minPresenceRatio
				: Number(row.min_presence_ratio),
		requireAllCheckins: row.require_all_checkins ?? DEFAULT_ATTENDANCE.requireAllCheckins
	};
}
