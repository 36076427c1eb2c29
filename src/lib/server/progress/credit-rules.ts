// Credit rules are data (table credit_rules, defaults in 0008_progress.sql).
import type { Db } from '../db/index.ts';

/** Hours a completed course earns for its total duration (whole seconds); 0 when no rule matches. */
export async function courseCreditHours(sql: Db, totalSeconds: number): Promise<number> {
	const [rule] = await sql`
		select hours from credit_rules
		where kind = 'course_duration'
			and (min_seconds is null or ${totalSeconds} >= min_seconds)
			and (max_seconds is null or ${totalSeconds} < max_seconds)
		order by hours desc
		limit 1`;
	return rule ? Number(rule.hours) : 0;
}

/** Hours for passing a course test (for the quiz issue). */
export async function testPassHours(sql: Db): Promise<number> {
	const [rule] =
		await sql`select hours from credit_rules where kind = 'course_test_pass' order by id limit 1`;
	return rule ? Number(rule.hours) : 0;
}

export interface CreditRule {
	id: number;
	kind: 'course_duration' | 'course_test_pass';
	minSeconds: number | null;
	maxSeconds: number | null;
	hours: number;
}

export async function listCreditRules(sql: Db): Promise<CreditRule[]> {
	const rows =
		await sql`select id, kind, min_seconds, max_seconds, hours from credit_rules order by kind, min_seconds desc nulls first`;
	return rows.map((r) => ({
		id: r.id,
		kind: r.kind,
		minSeconds: r.min_seconds,
		maxSeconds: r.max_seconds,
		hours: Number(r.hours)
	}));
}
