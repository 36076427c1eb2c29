// Deadline reminders: in-app notifications to assignees who have not finished
// when a published programme's deadline is N days away (7, 3, 1), and to the
// unit leaders whose scope holds such people, with counts. Each threshold is
// sent once per programme and person (dedupe key), so reruns send nothing new.
import type { Db } from '$lib/server/db';
import { notify } from '$lib/server/notifications';

export const THRESHOLDS = [7, 3, 1] as const;
const DAY = 86_400_000;

export interface ReminderResult {
	programmes: number;
	learners: number;
	leaders: number;
}

/** The threshold a programme is in (the smallest N ≥ days left), or null when further out or past. */
export function thresholdFor(
	deadline: Date,
	now: Date
): { threshold: number; days: number } | null {
	const left = deadline.getTime() - now.getTime();
	if (left <= 0) return null;
	const days = Math.ceil(left / DAY);
	const hits = THRESHOLDS.filter((t) => days <= t);
	return hits.length ? { threshold: Math.min(...hits), days } : null;
}

export async function sendReminders(sql: Db, now: Date = new Date()): Promise<ReminderResult> {
	const programmes = await sql<{ id: number; title: string; deadline: Date }[]>`
		select id, title, deadline from programmes
		where status = 'published' and starts_at <= ${now} and deadline > ${now}
			and deadline <= ${new Date(now.getTime() + Math.max(...THRESHOLDS) * DAY)}`;
	const out: ReminderResult = { programmes: 0, learners: 0, leaders: 0 };
	for (const p of programmes) {
		const t = thresholdFor(p.deadline, now);
		if (!t) continue;
		out.programmes++;
		const key = `programme:${p.id}:due:${t.threshold}`;
		const behind = await sql<{ userId: number; status: string }[]>`
			select a.user_id as "userId", a.status from programme_assignments a join users u on u.id = a.user_id
			where a.programme_id = ${p.id} and a.removed_at is null and a.status <> 'completed' and u.active`;
		out.learners += await notify(
			sql,
			behind.map((b) => ({
				userId: b.userId,
				kind: 'programme_deadline',
				params: { programmeId: p.id, title: p.title, days: t.days, status: b.status },
				link: `/tasks`,
				dedupeKey: key
			}))
		);
		// A leader's scope roots may nest: count each unit once per leader.
		const leaders = await sql<{ userId: number; notStarted: number; inProgress: number }[]>`
			with units as (
				select distinct ls.user_id, cl.descendant_id as unit_id
				from leader_scopes ls join users u on u.id = ls.user_id and u.active and 'leader' = any(u.roles)
				join org_closure cl on cl.ancestor_id = ls.unit_id
			)
			select units.user_id as "userId", sum(c.not_started)::int as "notStarted", sum(c.in_progress)::int as "inProgress"
			from units join programme_unit_counts c on c.programme_id = ${p.id} and c.unit_id = units.unit_id
			group by units.user_id
			having sum(c.not_started) + sum(c.in_progress) > 0`;
		out.leaders += await notify(
			sql,
			leaders.map((l) => ({
				userId: l.userId,
				kind: 'programme_leader_summary',
				params: {
					programmeId: p.id,
					title: p.title,
					days: t.days,
					notStarted: l.notStarted,
					inProgress: l.inProgress
				},
				link: `/reports/${p.id}`,
				dedupeKey: `${key}:leader`
			}))
		);
	}
	return out;
}
