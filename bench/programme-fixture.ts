// For bench:progress --programme: a live study programme (published, started,
// containing the benchmarked course) assigned to every bench learner, as in a
// campaign: heartbeats then also keep programme_assignments (and the report
// counters maintained from it) current.
import type postgres from 'postgres';
import { syncAssignments } from '../src/lib/server/programmes/audience.ts';

export async function publishBenchProgramme(sql: postgres.Sql, lessonId: number): Promise<number> {
	const [{ course_id: courseId }] = await sql`select course_id from lessons where id = ${lessonId}`;
	const [unit] = await sql`select id from org_units where name = '压测县'`;
	const [p] = await sql`
		insert into programmes (title, starts_at, deadline, status, published_at)
		values ('压测专题', now() - interval '1 day', now() + interval '30 days', 'published', now())
		returning id`;
	await sql`insert into programme_courses (programme_id, course_id, required) values (${p.id}, ${courseId}, true)`;
	await sql`insert into programme_units (programme_id, unit_id) values (${p.id}, ${unit.id})`;
	const { upserted } = await sql.begin((tx) =>
		syncAssignments(tx, { programmeId: p.id }, new Date())
	);
	console.error(`programme ${p.id}: ${upserted} learners assigned`);
	return p.id;
}
