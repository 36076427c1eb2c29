import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSchema, type TestDb } from '../../src/lib/server/db/test-schema';
import { hourRequirement, studyRecord } from '../../src/lib/server/programmes';
import { addCourse, addUnit, addUser } from './progress-fixtures';

let t: TestDb;
beforeAll(async () => {
	t = await createTestSchema();
});
afterAll(() => t.drop());

describe('study record', () => {
	it('has the yearly 学时 requirement of the rank level (data, per rank), none for 职工', async () => {
		const unit = await addUnit(t.sql);
		const general = await addUser(t.sql, unit);
		const worker = await addUser(t.sql, unit);
		await t.sql`update users set rank_level = 'employee' where id = ${worker.id}`;
		expect(await hourRequirement(t.sql, general.id)).toBe(50);
		expect(await hourRequirement(t.sql, worker.id)).toBeNull();
		const online = t.sql`(select id from hour_requirements where code = 'online')`;
		await t.sql`update hour_requirement_versions set hours = 72.5 where requirement_id = ${online}`;
		expect(await hourRequirement(t.sql, general.id)).toBe(72.5);
		await t.sql`update hour_requirement_versions set hours = 50 where requirement_id = ${online}`;
	});

	it("counts this year's hours only, and lists the courses the person started", async () => {
		const unit = await addUnit(t.sql);
		const u = await addUser(t.sql, unit);
		const now = new Date('2026-06-01T04:00:00Z');
		await t.sql`insert into credit_ledger (user_id, year, source, source_id, hours, earned_at, rule_version_id) values
			(${u.id}, 2026, 'offline', 'a', 1.5, ${now}, credit_version_at(${now})),
			(${u.id}, 2025, 'offline', 'b', 4, '2025-05-01', credit_version_at('2025-05-01'))`;
		const { courseId, lessonIds } = await addCourse(t.sql, { durations: [100, 100] });
		await t.sql`insert into lesson_progress (user_id, lesson_id, seconds_watched, position, watched, updated_at)
			values (${u.id}, ${lessonIds[0]}, 50, 50, repeat('1', 50)::varbit, ${now})`;
		const r = await studyRecord(t.sql, u.id, now);
		expect(r).toMatchObject({ year: 2026, hours: 1.5, requirement: 50, programmes: [] });
		// The course's percentage itself is h14a's (one course figure everywhere): not pinned here.
		expect(r.courses).toEqual([
			expect.objectContaining({ courseId, lessons: 2, completedLessons: 0 })
		]);
		expect(r.courses[0].coverage).toBeGreaterThan(0);
	});
});
