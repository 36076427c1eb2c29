// The summaries the unit view and the dispatch list read, under bulk writes:
// credit_person_years (0170: statement-level triggers with transition tables)
// against a recount of the valid ledger after one-statement inserts, voids,
// un-voids, updates, an upsert, deletes and a live session turning
// concentrated; and class_enrolments.last_attended_at (0171) against a
// recount of the attendance records.
import { LEDGER_SOURCES } from '../../src/lib/api/ledger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSchema, type TestDb } from '../../src/lib/server/db/test-schema';
import { person, unit, world } from './class-fixtures';

let t: TestDb;
beforeAll(async () => {
	t = await createTestSchema();
});
afterAll(() => t.drop());

const SOURCES = LEDGER_SOURCES;

/** The summary as rows (person, year, key, hours), and the same recounted from the ledger (its own join). */
async function both(people: number[]) {
	const kept = await t.sql`
		select user_id, year, source_key, hours::text from credit_year_sums
		where user_id = any(${people}::int[]) order by 1, 2, 3`;
	const recount = await t.sql`
		select l.user_id, l.year,
			case when l.source = 'live' and s.concentrated then 'live_concentrated' else l.source end as source_key,
			sum(l.hours)::numeric(10, 2)::text as hours
		from credit_ledger l left join live_sessions s on l.source = 'live' and s.id::text = l.source_id
		where l.user_id = any(${people}::int[])
			and not exists (select 1 from credit_ledger_voids v where v.entry_id = l.id)
		group by 1, 2, 3 having sum(l.hours) <> 0 order by 1, 2, 3`;
	return { kept, recount };
}

describe('credit_person_years under bulk writes', () => {
	it('equals a recount of the valid ledger after each one-statement write', async () => {
		const u = await unit(t.sql, null);
		const people: number[] = [];
		for (let i = 0; i < 12; i++) people.push((await person(t.sql, u)).id);
		const [lec] = await t.sql`select id from users where id = ${people[0]}`;
		const sessions = await t.sql`
			insert into live_sessions (title, lecturer_id, starts_at, expected_minutes, stream_key, concentrated)
			select '直播' || i, ${lec.id}, now(), 60, md5(random()::text || i), i % 3 = 0
			from generate_series(0, 9) i order by i returning id`;
		const live = sessions.map((s) => String(s.id));
		const v = t.sql`(select min(id) from credit_rule_versions)`;

		// 3,000 entries in one statement: every source, five years, live entries of both kinds of session
		await t.sql`
			insert into credit_ledger (user_id, year, source, source_id, hours, earned_at, rule_version_id)
			select (${people}::int[])[1 + g % 12], 2022 + g % 5, src,
				case when src = 'live' then (${live}::text[])[1 + g % 10] else 'bulk-' || g end,
				(g % 37) * 0.25, now(), ${v}
			from generate_series(1, 3000) g
			cross join lateral (select (${SOURCES}::text[])[1 + (g / 12) % 8] as src) x
			on conflict (user_id, source, source_id) do nothing`;
		let r = await both(people);
		expect(r.kept.length).toBeGreaterThan(100);
		expect(r.kept).toEqual(r.recount);

		// about a third voided in one statement
		const [{ n: voided }] = await t.sql`
			with v as (
				insert into credit_ledger_voids (entry_id, reason)
				select id, '批量作废' from credit_ledger where user_id = any(${people}::int[]) and id % 3 = 0
				returning 1)
			select count(*)::int as n from v`;
		expect(voided).toBeGreaterThan(300);
		r = await both(people);
		expect(r.kept).toEqual(r.recount);

		// some voids removed again, in one statement
		await t.sql`
			delete from credit_ledger_voids
			where entry_id in (select id from credit_ledger where user_id = any(${people}::int[]) and id % 6 = 0)`;
		r = await both(people);
		expect(r.kept).toEqual(r.recount);

		// one update moving hours, years and people of many entries (voided ones among them)
		await t.sql`
			update credit_ledger set hours = hours + 0.5, year = case when id % 4 = 0 then year + 1 else year end,
				user_id = case when id % 5 = 0 and source <> 'live' then ${people[0]} else user_id end
			where user_id = any(${people}::int[]) and id % 2 = 0`;
		r = await both(people);
		expect(r.kept).toEqual(r.recount);

		// an update of what does not count changes nothing
		const before = r.kept;
		await t.sql`update credit_ledger set note = '备注' where user_id = any(${people}::int[])`;
		expect((await both(people)).kept).toEqual(before);

		// an upsert raising existing entries and inserting new ones in one statement
		await t.sql`
			insert into credit_ledger (user_id, year, source, source_id, hours, earned_at, rule_version_id)
			select (${people}::int[])[1 + g % 12], 2026, 'manual', 'bulk-' || g, 3, now(), ${v}
			from generate_series(2900, 3300) g
			on conflict (user_id, source, source_id) do update set hours = excluded.hours`;
		r = await both(people);
		expect(r.kept).toEqual(r.recount);

		// sessions turning concentrated and back move their entries' hours
		await t.sql`update live_sessions set concentrated = not concentrated where id = any(${sessions.map((s) => s.id)}::int[])`;
		r = await both(people);
		expect(r.kept.some((k) => k.source_key === 'live_concentrated')).toBe(true);
		expect(r.kept).toEqual(r.recount);

		// entries deleted (voided ones and counted ones), and a person deleted with their rows
		await t.sql`delete from credit_ledger where user_id = any(${people}::int[]) and id % 7 = 0`;
		await t.sql`delete from users where id = ${people[11]}`;
		r = await both(people);
		expect(r.kept).toEqual(r.recount);
		const [{ n }] =
			await t.sql`select count(*)::int as n from credit_person_years where user_id = ${people[11]}`;
		expect(n).toBe(0);
	});
});

describe('class_enrolments.last_attended_at', () => {
	it('is the start of the last session attended, after bulk marks, corrections and a moved session', async () => {
		const w = await world(t.sql, 40);
		const people: number[] = [];
		for (let i = 0; i < 30; i++) people.push((await person(t.sql, w.townA)).id);
		await t.sql`
			insert into class_enrolments (class_id, user_id, status, via, enrolled_at)
			select ${w.classId}, p, 'enrolled', 'selection', now() from unnest(${people}::int[]) p`;
		const sessions = await t.sql`
			insert into class_sessions (class_id, starts_at, ends_at, topic, kind, place_text)
			select ${w.classId}, '2026-05-11T02:00:00Z'::timestamptz + d * interval '1 day',
				'2026-05-11T04:00:00Z'::timestamptz + d * interval '1 day', '专题' || d, 'lecture', ${'教室' + Math.random()}
			from generate_series(0, 4) d returning id`;
		const ids = sessions.map((s) => s.id as number);
		const recount = async () => {
			const rows = await t.sql`
				select e.user_id, e.attended_sessions, e.last_attended_at,
					(select count(*)::int from class_attendance a where a.class_id = e.class_id and a.user_id = e.user_id
						and a.status in ('present', 'late')) as n,
					(select max(s.starts_at) from class_attendance a join class_sessions s on s.id = a.session_id
						where a.class_id = e.class_id and a.user_id = e.user_id and a.status in ('present', 'late')) as last
				from class_enrolments e where e.class_id = ${w.classId} order by e.user_id`;
			for (const x of rows) {
				expect(x.attended_sessions).toBe(x.n);
				expect(x.last_attended_at?.getTime() ?? null).toBe(x.last?.getTime() ?? null);
			}
			return rows;
		};
		// every session marked in one statement, a mix of statuses
		await t.sql`
			insert into class_attendance (session_id, class_id, user_id, status, method)
			select s, ${w.classId}, p, (array['present', 'late', 'absent', 'excused'])[1 + (s + p) % 4], 'manual'
			from unnest(${ids}::int[]) s, unnest(${people}::int[]) p`;
		const first = await recount();
		expect(first.filter((x) => x.last_attended_at !== null).length).toBeGreaterThan(20);
		// corrections: the last sessions' presents become absent, some absents present
		await t.sql`
			update class_attendance set status = case when status = 'absent' then 'present' else 'absent' end
			where class_id = ${w.classId} and session_id = any(${ids.slice(3)}::int[])`;
		await recount();
		// a session moved to a later day, and one deleted
		await t.sql`update class_sessions set starts_at = starts_at + interval '10 days', ends_at = ends_at + interval '10 days' where id = ${ids[0]}`;
		await recount();
		await t.sql`delete from class_attendance where session_id = ${ids[0]}`;
		const last = await recount();
		expect(last.some((x) => x.last_attended_at === null)).toBe(true);
	});
});
