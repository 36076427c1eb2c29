// The training year of a smaller prefecture seed (3,000 people): the
// document's figures scaled down come out exactly, and two runs with the same
// seed write the same rows (the generator is deterministic).
import { afterAll, describe, expect, it } from 'vitest';
import { createTestSchema, type TestDb } from '../../src/lib/server/db/test-schema';
import { seedPrefecture } from '../../src/lib/server/seed/index';
import { scaledTargets } from '../../src/lib/server/seed/training-year';
import { yearEndStats } from '../../src/lib/server/yearend/stats';

const schemas: TestDb[] = [];
afterAll(() => Promise.all(schemas.map((s) => s.drop())));

async function fingerprint(t: TestDb) {
	const [r] = await t.sql`
		select
			(select md5(string_agg(concat_ws(':', class_id, user_id, attended_sessions, completed_at), ',' order by class_id, user_id))
				from class_enrolments) as enrolments,
			(select md5(string_agg(concat_ws(':', id, class_id, starts_at, lecturer_id, site_id, route_id, place_text), ',' order by id))
				from class_sessions) as sessions,
			(select md5(string_agg(concat_ws(':', session_id, user_id, lecturer_score), ',' order by session_id, user_id))
				from class_evaluations) as evaluations,
			(select md5(string_agg(concat_ws(':', user_id, kind, starts_on, ends_on), ',' order by id)) from training_records) as records,
			(select md5(string_agg(concat_ws(':', user_id, source, source_id, hours, rule_version_id), ',' order by id))
				from credit_ledger) as ledger`;
	return r;
}

describe('the scaled training year', () => {
	it('gives the scaled figures exactly, and the same rows on every run', async () => {
		const prints = [];
		for (let i = 0; i < 2; i++) {
			const t = await createTestSchema();
			schemas.push(t);
			const result = await seedPrefecture(t.sql, { people: 3000 });
			expect(result.trainingYear?.classes).toBeGreaterThan(0);
			prints.push(await fingerprint(t));
			if (i > 0) continue;
			const want = scaledTargets(3000 / 45_000);
			const s = await yearEndStats(t.sql, { year: want.year, unitId: null });
			expect([
				s.classes,
				s.specialisedClasses,
				s.specialisedPersonTimes,
				s.grassrootsTrained,
				s.outOfRegion,
				s.secondments,
				s.lecturers.pool,
				s.online.learners
			]).toEqual([
				want.classes,
				want.specialised,
				want.personTimes,
				want.grassroots,
				want.outOfRegion,
				want.secondments,
				want.lecturers,
				want.onlineLearners
			]);
			expect(s.groupShare).toBeGreaterThanOrEqual(0.6);
			// every ledger entry of the year names the rule version it was earned under
			const [{ n }] = await t.sql`
				select count(*)::int as n from credit_ledger l
				where l.rule_version_id is distinct from credit_version_at(l.earned_at)`;
			expect(n).toBe(0);
		}
		expect(prints[1]).toEqual(prints[0]);
		// the seed drops two foreign keys for its bulk insert: they are back, as the migrations define them
		const fresh = await createTestSchema();
		schemas.push(fresh);
		const keys = (t: TestDb) => t.sql`
			select conname, pg_get_constraintdef(oid) as def, convalidated from pg_constraint
			where conrelid = 'class_attendance'::regclass order by conname`;
		expect(await keys(schemas[0])).toEqual(await keys(fresh));
	}, 600_000);
});
