// The demo study programme: 呼图壁县's "学习贯彻党的二十大精神专题学习",
// published by the demo administrator to the whole county, with the first two
// demo courses required and the third elective. Runs after the demo courses
// and progress: more county staff get partial or complete progress on the
// required courses here (written as the heartbeat path leaves it, completions
// through tryCompleteCourse), then publishing derives every assignment's
// status from that progress, so the leader's report has completed, in
// progress and not started people right after `npm start`.
import { dayOf, deadlineFromDay, startOfDay } from '../clock/index.ts';
import type { Db } from '../db/index.ts';
import { neededSeconds } from '../progress/coverage.ts';
import { tryCompleteCourse } from '../progress/completion.ts';
import { syncAssignments } from '../programmes/audience.ts';
import { inTransaction } from '../db/tx.ts';
import { backfillSnapshots } from '../reports/snapshots.ts';
import { shanghaiDay } from '../reports/types.ts';
import { Random } from './random.ts';

export const DEMO_PROGRAMME_TITLE = '学习贯彻党的二十大精神专题学习';

export interface DemoProgrammeResult {
	programmeId: number | null;
	assigned: number;
}

interface Lesson {
	id: number;
	duration: number;
	ratio: number;
}

export async function seedDemoProgramme(sql: Db, seed = 2023): Promise<DemoProgrammeResult> {
	const rng = new Random(seed);
	const [county] = await sql`
		select u.id from org_units u join org_units p on p.id = u.parent_id
		where u.name = '呼图壁县' and p.name = '昌吉州' and p.parent_id is null`;
	const [admin] = await sql`select id from users where employee_no = 'admin'`;
	const courses = await sql`select id from courses where status = 'published' order by id limit 3`;
	if (!county || !admin || courses.length < 2) return { programmeId: null, assigned: 0 };
	const required = courses.slice(0, 2).map((c) => c.id as number);
	const electives = courses.slice(2).map((c) => c.id as number);

	// Extra progress for a third of the county's generated staff (not the demo
	// accounts, whose own state the other demos rely on).
	const lessons = new Map<number, Lesson[]>();
	for (const r of await sql`
		select l.id, l.course_id, l.duration_seconds, c.completion_ratio from lessons l join courses c on c.id = l.course_id
		where l.course_id = any(${required}::int[]) and l.media_id is not null and l.duration_seconds is not null
		order by l.course_id, l.position`) {
		lessons.set(r.course_id, [
			...(lessons.get(r.course_id) ?? []),
			{ id: r.id, duration: r.duration_seconds, ratio: Number(r.completion_ratio) }
		]);
	}
	const people = await sql`
		select u.id from users u join org_closure oc on oc.descendant_id = u.unit_id and oc.ancestor_id = ${county.id}
		where u.active and u.employee_no not in ('admin', 'lecturer', 'leader', 'learner')
			and not exists (select 1 from lesson_progress lp where lp.user_id = u.id)
		order by u.id`;
	const now = Date.now();
	if (lessons.size === required.length) {
		for (const p of people) {
			if (!rng.chance(0.35)) continue;
			const finish = rng.chance(0.5);
			for (const [i, courseId] of required.entries()) {
				// Finishers watch both courses; the others part of the first one.
				if (!finish && i > 0) break;
				const at = new Date(now - rng.int(2, 150) * 3600_000);
				for (const l of lessons.get(courseId)!) {
					const seconds = finish
						? l.duration
						: Math.max(1, Math.round(l.duration * (0.2 + rng.next() * 0.5)));
					await watched(sql, p.id, l, seconds, at);
				}
				if (finish) await tryCompleteCourse(sql, p.id, courseId, at);
			}
		}
	}

	return inTransaction(sql, async (tx) => {
		const r = await publishDemo(tx, county.id, admin.id, required, electives, now);
		// The past ten days' snapshots from the assignments' own timestamps, as
		// the daily job would have written them: the chart shows a trend at once.
		await backfillSnapshots(tx, r.programmeId!, shanghaiDay(new Date(now)));
		return r;
	});
}

async function publishDemo(
	sql: Db,
	countyId: number,
	adminId: number,
	required: number[],
	electives: number[],
	now: number
): Promise<DemoProgrammeResult> {
	const day = 86400_000;
	// Midnight ten days ago, in the organisation's zone; the deadline day a month on.
	const startsAt = startOfDay(dayOf(new Date(now - 10 * day)))!;
	const deadline = deadlineFromDay(dayOf(new Date(startsAt.getTime() + 30 * day + 3600_000)))!;
	const [programme] = await sql`
		insert into programmes (title, description, created_by, starts_at, deadline, min_electives, status, published_at)
		values (${DEMO_PROGRAMME_TITLE},
			${'全县干部职工学习党的二十大精神和乡村振兴政策：两门必修课，“依法行政专题”为选修课。'},
			${adminId}, ${startsAt}, ${deadline}, null, 'published', ${new Date(now - 10 * day)})
		returning id`;
	await sql`
		insert into programme_courses (programme_id, course_id, required, position)
		select ${programme.id}, c, o <= ${required.length}, o::int - 1
		from unnest(${[...required, ...electives]}::int[]) with ordinality as t (c, o)`;
	await sql`insert into programme_units (programme_id, unit_id) values (${programme.id}, ${countyId})`;
	const { upserted } = await syncAssignments(
		sql,
		{ programmeId: programme.id },
		new Date(now - 10 * day)
	);
	return { programmeId: programme.id, assigned: upserted };
}

/** Coverage of [0, seconds) of the lesson, as the heartbeat path would leave it. */
async function watched(sql: Db, userId: number, l: Lesson, seconds: number, at: Date) {
	const upTo = Math.min(l.duration, seconds);
	const done = upTo >= neededSeconds(l.ratio, l.duration);
	await sql`
		insert into lesson_progress (user_id, lesson_id, watched, seconds_watched, position, updated_at, completed_at)
		values (${userId}, ${l.id}, ${'1'.repeat(upTo) + '0'.repeat(l.duration - upTo)}::varbit, ${upTo}, ${done ? 0 : upTo}, ${at}, ${done ? at : null})
		on conflict (user_id, lesson_id) do nothing`;
}
