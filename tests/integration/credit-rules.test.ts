// Credit rules as versioned data: the first version is the rules as they
// stood; a later version applies to what is earned from its day on, and never
// changes an entry already in the ledger.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSchema, type TestDb } from '../../src/lib/server/db/test-schema';
import { tryCompleteCourse } from '../../src/lib/server/progress/completion';
import {
	createVersion,
	deleteFutureVersion,
	listVersions
} from '../../src/lib/server/credit/versions';
import { parseRuleSetForm } from '../../src/lib/server/credit/validate';
import type { RuleSet } from '../../src/lib/api/credit-rules';
import { addCourse, addUnit, addUser } from './progress-fixtures';
import './setup-domains';

const ZONE = 'Asia/Shanghai';
const DEFAULTS: RuleSet = {
	course: { longMinutes: 30, shortMinutes: 15, longHours: 1, midHours: 0.5, shortHours: 0.25 },
	testPassHours: 0.5,
	live: { minPresencePercent: 80, requireAllCheckins: true },
	offlineDayHours: 6,
	teachingSessionHours: 2
};

let t: TestDb;
let unit: number;
let admin: number;
beforeAll(async () => {
	t = await createTestSchema();
	unit = await addUnit(t.sql);
	admin = (await addUser(t.sql, unit, ['admin'])).id;
});
afterAll(() => t.drop());

/** A person who has watched every lesson of a fresh 40-minute course, completing it at `at`. */
async function completeAt(at: Date, durations = [2400]) {
	const user = await addUser(t.sql, unit);
	const { courseId, lessonIds } = await addCourse(t.sql, { durations });
	for (const lessonId of lessonIds)
		await t.sql`
			insert into lesson_progress (user_id, lesson_id, watched, seconds_watched, updated_at, completed_at)
			values (${user.id}, ${lessonId}, B'1', 1, ${at}, ${at})`;
	expect(await tryCompleteCourse(t.sql, user.id, courseId, at)).toBe(true);
	const [entry] = await t.sql`
		select hours, rule_version_id from credit_ledger where user_id = ${user.id} and source = 'course'`;
	return { userId: user.id, hours: Number(entry.hours), version: entry.rule_version_id as number };
}

function form(values: Record<string, string | number | boolean>): FormData {
	const f = new FormData();
	const all = {
		validFrom: '2099-01-01',
		note: '',
		longMinutes: 30,
		shortMinutes: 15,
		longHours: 1,
		midHours: 0.5,
		shortHours: 0.25,
		testPassHours: 0.5,
		minPresencePercent: 80,
		requireAllCheckins: true,
		offlineDayHours: 6,
		teachingSessionHours: 2,
		...values
	};
	for (const [k, v] of Object.entries(all)) {
		if (v === true) f.set(k, 'on');
		else if (v !== false) f.set(k, String(v));
	}
	return f;
}

describe('credit rule versions', () => {
	it('the rules as they stood are version 1, in force for every entry so far', async () => {
		const [v1] = await listVersions(t.sql, ZONE);
		expect(v1.rules).toEqual(DEFAULTS);
		expect(v1.validTo).toBeNull();
		const earned = await completeAt(new Date('2026-03-01T04:00:00Z'));
		expect(earned).toMatchObject({ hours: 1, version: v1.id });
	});

	it('a new version applies from its day on and leaves earlier entries as they were', async () => {
		const before = await completeAt(new Date('2026-05-10T04:00:00Z'));
		const parsed = parseRuleSetForm(
			form({ validFrom: '2026-06-01', longHours: 1.5 }),
			'2026-05-20'
		);
		if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
		const created = await createVersion(t.sql, parsed.input, admin, ZONE);
		expect(created.ok).toBe(true);

		// 23:59 on 31 May in Beijing is still the old rule; 00:00 on 1 June the new.
		const lastOld = await completeAt(new Date('2026-05-31T15:59:00Z'));
		const firstNew = await completeAt(new Date('2026-05-31T16:00:00Z'));
		expect(lastOld.hours).toBe(1);
		expect(firstNew.hours).toBe(1.5);
		expect(firstNew.version).toBe(created.ok && created.id);

		const [again] = await t.sql`
			select hours, rule_version_id from credit_ledger where user_id = ${before.userId}`;
		expect(Number(again.hours)).toBe(1);
		expect(again.rule_version_id).toBe(before.version);

		const versions = await listVersions(t.sql, ZONE);
		expect(versions.map((v) => [v.validFrom, v.validTo])).toEqual([
			['2026-06-01', null],
			['2000-01-01', '2026-05-31']
		]);
		expect(versions[0].rules.course.longHours).toBe(1.5);
	});

	it('refuses bad input with each field named, and a taken day, writing nothing', async () => {
		const count = async () =>
			(
				await t.sql`select (select count(*) from credit_rule_versions) + (select count(*) from credit_rules) as n`
			)[0].n;
		const n = await count();
		const bad = parseRuleSetForm(
			form({
				validFrom: '2026-01-01',
				longHours: -1,
				midHours: '0.125',
				testPassHours: 'abc',
				minPresencePercent: 20,
				offlineDayHours: ''
			}),
			'2026-05-20'
		);
		expect(bad.ok).toBe(false);
		expect(!bad.ok && bad.errors.map((e) => `${e.field}:${e.code}`).sort()).toEqual([
			'longHours:range',
			'midHours:precision',
			'minPresencePercent:range',
			'offlineDayHours:required',
			'testPassHours:not_number',
			'validFrom:date_past'
		]);
		const bands = parseRuleSetForm(form({ shortMinutes: 30 }), '2026-05-20');
		expect(!bands.ok && bands.errors).toEqual([{ field: 'shortMinutes', code: 'bands_order' }]);

		const taken = parseRuleSetForm(form({ validFrom: '2026-06-01' }), '2026-05-20');
		if (!taken.ok) throw new Error('expected valid');
		expect(await createVersion(t.sql, taken.input, admin, ZONE)).toEqual({
			ok: false,
			errors: [{ field: 'validFrom', code: 'date_taken' }]
		});
		expect(await count()).toBe(n);
	});

	it('a version not yet in force can be deleted; one in force cannot', async () => {
		const parsed = parseRuleSetForm(form({ validFrom: '2099-03-01' }), '2026-05-20');
		if (!parsed.ok) throw new Error('expected valid');
		const created = await createVersion(t.sql, parsed.input, admin, ZONE);
		if (!created.ok) throw new Error('expected created');
		const [inForce] = (await listVersions(t.sql, ZONE)).filter((v) => v.validFrom === '2026-06-01');
		expect(await deleteFutureVersion(t.sql, inForce.id)).toBe(false);
		expect(await deleteFutureVersion(t.sql, created.id)).toBe(true);
		expect((await listVersions(t.sql, ZONE)).some((v) => v.id === created.id)).toBe(false);
		const [{ n }] =
			await t.sql`select count(*)::int as n from credit_rules where version_id = ${created.id}`;
		expect(n).toBe(0);
	});
});
