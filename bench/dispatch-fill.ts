// A training year for one subtree, for bench/dispatch.ts when the database
// has none (the prefecture seed's own training year, when present, is used
// as it is): for every active person of the subtree 0–20 valid ledger
// entries this year, offline classes of 5 sessions that about 40% attended,
// out-of-region training for about 5%, and 3% flagged specialised. Written
// with set-based SQL (seconds); every row is an ordinary row of the schema.
import type { Db } from '../src/lib/server/db/index.ts';

export async function fillTrainingYear(sql: Db, unitId: number, year: number): Promise<void> {
	await sql.begin(async (tx) => {
		await tx`select setseed(0.42)`;
		await tx`
			create temp table bench_people on commit drop as
			select u.id, row_number() over (order by u.id) as n from org_closure oc
			join users u on u.unit_id = oc.descendant_id and u.active where oc.ancestor_id = ${unitId}`;
		await tx`
			insert into credit_ledger (user_id, year, source, source_id, hours, earned_at, rule_version_id)
			select p.id, ${year}, 'course', 'bench-dispatch-' || p.id || '-' || g,
				(array[0.25, 0.5, 1, 1, 2])[1 + floor(random() * 5)::int],
				make_timestamptz(${year}, 1 + floor(random() * 11)::int, 1 + floor(random() * 27)::int, 10, 0, 0, 'Asia/Shanghai'),
				(select min(id) from credit_rule_versions)
			from bench_people p cross join lateral generate_series(1, floor(random() * 21)::int) g
			on conflict do nothing`;
		const [unit] = await tx`select id from org_units where id = ${unitId}`;
		for (let c = 0; c < 20; c++) {
			const month = 1 + (c % 10);
			const [cls] = await tx`
				insert into classes (title, organiser_unit_id, starts_on, ends_on, location_text, capacity, status)
				values (${`调训测评班 ${year}-${c + 1}`}, ${unit.id}, make_date(${year}, ${month}, 3),
					make_date(${year}, ${month}, 7), ${'党校 ' + (c + 1) + ' 教室'}, 10000, 'enrolling')
				returning id`;
			await tx`
				insert into class_sessions (class_id, starts_at, ends_at, topic, kind, place_text)
				select ${cls.id}, make_timestamptz(${year}, ${month}, 2 + d, 9, 0, 0, 'Asia/Shanghai'),
					make_timestamptz(${year}, ${month}, 2 + d, 12, 0, 0, 'Asia/Shanghai'), '专题 ' || d, 'lecture',
					${'党校 ' + (c + 1) + ' 教室'}
				from generate_series(1, 5) d`;
			await tx`
				insert into class_enrolments (class_id, user_id, status, via, enrolled_at)
				select ${cls.id}, id, 'enrolled', 'selection', now() from bench_people
				where n % 50 = ${c} and random() < 0.9`;
			await tx`
				insert into class_attendance (session_id, class_id, user_id, status, method)
				select s.id, s.class_id, e.user_id, (array['present', 'present', 'late', 'absent'])[1 + floor(random() * 4)::int], 'manual'
				from class_enrolments e join class_sessions s on s.class_id = e.class_id where e.class_id = ${cls.id}`;
		}
		await tx`
			insert into training_records (user_id, kind, title, starts_on, ends_on)
			select id, 'out_of_region', '异地培训', make_date(${year} - 1, 1 + (n % 12)::int, 5), make_date(${year} - 1, 1 + (n % 12)::int, 15)
			from bench_people where random() < 0.05`;
		await tx`update users set specialised_post = true where id in (select id from bench_people where random() < 0.03)`;
	});
}
