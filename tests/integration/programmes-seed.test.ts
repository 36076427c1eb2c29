// The demo seed's study programme: published to 呼图壁县, everyone there
// assigned, statuses consistent with the seeded progress.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestSchema, type TestDb } from '../../src/lib/server/db/test-schema';
import { seedDemo } from '../../src/lib/server/seed';
import { DEMO_PROGRAMME_TITLE } from '../../src/lib/server/seed/programmes';

let t: TestDb;
let work: string;
const previousDir = process.env.XUEFAN_MEDIA_DIR;
beforeAll(async () => {
	t = await createTestSchema();
	work = await mkdtemp(path.join(tmpdir(), 'xuefan-prog-seed-'));
	process.env.XUEFAN_MEDIA_DIR = path.join(work, 'media');
	await seedDemo(t.sql);
}, 120_000);
afterAll(async () => {
	process.env.XUEFAN_MEDIA_DIR = previousDir;
	await rm(work, { recursive: true, force: true });
	await t.drop();
});

it('assigns the demo programme to everyone in 呼图壁县, with statuses that match their progress', async () => {
	const [p] = await t.sql`select id, status from programmes where title = ${DEMO_PROGRAMME_TITLE}`;
	expect(p.status).toBe('published');
	const [{ county, assigned }] = await t.sql`
		select (select count(*) from users u join org_closure oc on oc.descendant_id = u.unit_id
				join org_units o on o.id = oc.ancestor_id where o.name = '呼图壁县' and u.active)::int as county,
			(select count(*) from programme_assignments where programme_id = ${p.id} and removed_at is null)::int as assigned`;
	expect(assigned).toBe(county);
	const rows = await t.sql`
		select a.status, a.required_done, a.required_total,
			exists (select 1 from lesson_progress lp join lessons l on l.id = lp.lesson_id
				join programme_courses pc on pc.course_id = l.course_id and pc.programme_id = a.programme_id
				where lp.user_id = a.user_id) as active
		from programme_assignments a where a.programme_id = ${p.id}`;
	const by = (s: string) => rows.filter((r) => r.status === s).length;
	const lessons = (
		await t.sql`select count(*)::int as n from lessons where duration_seconds is not null`
	)[0].n;
	if (lessons) {
		// With ffmpeg the lectures have durations and the seed has progress: all three kinds are there.
		expect(by('completed')).toBeGreaterThan(0);
		expect(by('in_progress')).toBeGreaterThan(0);
	}
	expect(by('not_started')).toBeGreaterThan(0);
	for (const r of rows) {
		expect(r.status === 'completed').toBe(r.required_done === r.required_total);
		expect(r.status === 'not_started').toBe(!r.active && r.required_done === 0);
	}
});

it('writes the demo programme’s past daily snapshots, so the county’s chart is a rising line, not a dot', async () => {
	const { completionSeries } = await import('../../src/lib/server/reports/snapshots');
	const [p] = await t.sql`select id from programmes where title = ${DEMO_PROGRAMME_TITLE}`;
	const [county] = await t.sql`select id from org_units where name = '呼图壁县'`;
	const series = await completionSeries(t.sql, p.id, county.id);
	expect(series.length).toBeGreaterThanOrEqual(8);
	const rates = series.map((s) => s.rate);
	for (let i = 1; i < rates.length; i++) expect(rates[i]).toBeGreaterThanOrEqual(rates[i - 1]);
	expect(rates.at(-1)!).toBeGreaterThan(rates[0]);
	expect(new Set(rates).size).toBeGreaterThan(2);
	// the last past day agrees with today's live figure but for today's own completions
	expect(series.at(-2)!.assigned).toBe(series.at(-1)!.assigned);
});
