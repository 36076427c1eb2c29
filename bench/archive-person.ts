// The archive part of `npm run bench:archive` (bench/archive.ts): one
// person's archive page and the unit view of people below their requirement.
// Besides the seed's training year (2022) it adds a year of ledger entries
// for 2026 shaped like the source document (every cadre 1–12 courses; ~65,000
// offline class entries; 3,183 out-of-region; 5 years of offline training for
// 县处级; a few voids), so this year's figures have rows to read (a second run
// on a reused database adds nothing: each insert skips what is there). Times what
// the routes call:
// - archive: the scope check as the county's leader, then the figures,
//   entries and history of a 县处级 person;
// - unit: the whole prefecture rolled up, and the largest county (its
//   sub-units plus the first page of people below), the slower of the two.
import type postgres from 'postgres';
import {
	personArchive,
	requireArchivePerson,
	shortfallPeople,
	shortfallReport
} from '../src/lib/server/archive/index.ts';
import type { SessionUser } from '../src/lib/server/auth/types.ts';

const YEAR = 2026;
const TODAY = '2026-11-30';
const ZONE = 'Asia/Shanghai';

export async function measureArchive(
	sql: postgres.Sql,
	time: (label: string, fn: () => Promise<unknown>) => Promise<number>
): Promise<{ archive: number; unit: number }> {
	const t0 = performance.now();
	const v = sql`credit_version_at(now())`;
	await sql`
		insert into credit_ledger (user_id, year, source, source_id, hours, earned_at, rule_version_id)
		select u.id, ${YEAR}, 'course', 'bench-c' || k, 1, '2026-05-01T04:00:00Z', ${v}
		from users u, generate_series(1, 1 + u.id % 12) k where u.rank_level <> 'employee'
		on conflict do nothing`;
	await sql`
		insert into credit_ledger (user_id, year, source, source_id, hours, earned_at, rule_version_id)
		select u.id, ${YEAR}, 'offline', 'bench-o' || k, 6 * (5 + u.id % 6), '2026-06-01T04:00:00Z', ${v}
		from users u, generate_series(1, 2) k where (u.id * 7 + k) % 3 = 0 and u.rank_level <> 'employee'
		on conflict do nothing`;
	await sql`
		insert into credit_ledger (user_id, year, source, source_id, hours, earned_at, rule_version_id)
		select u.id, ${YEAR}, 'out_of_region', 'bench-r', 40, '2026-07-01T04:00:00Z', ${v}
		from users u where u.rank_level <> 'employee' order by u.id % 97, u.id limit 3183
		on conflict do nothing`;
	await sql`
		insert into credit_ledger (user_id, year, source, source_id, hours, earned_at, rule_version_id)
		select u.id, y, 'offline', 'bench-y' || y, 30 + u.id % 150, make_date(y, 5, 1), ${v}
		from users u, generate_series(${YEAR - 5}::int, ${YEAR - 1}::int) y where u.rank_level = 'county'
		on conflict do nothing`;
	await sql`
		insert into credit_ledger_voids (entry_id, reason)
		select id, 'bench' from credit_ledger where source = 'out_of_region' and id % 10 = 0
		on conflict do nothing`;
	// as autovacuum leaves the tables soon after a bulk load: statistics, and the
	// visibility map that lets people be counted from an index alone
	await sql`vacuum analyze`;
	const [{ n }] = await sql`select count(*)::int as n from credit_ledger`;
	console.error(`ledger: ${n} entries in ${Math.round(performance.now() - t0)} ms`);

	const [root] = await sql<{ id: number }[]>`select id from org_units where parent_id is null`;
	const [county] = await sql<{ id: number; name: string }[]>`
		select u.id, u.name from org_units u join org_closure c on c.ancestor_id = u.id join users p on p.unit_id = c.descendant_id
		where u.kind = 'county' group by u.id order by count(*) desc limit 1`;
	const [person] = await sql<{ id: number }[]>`
		select p.id from users p join org_closure c on c.descendant_id = p.unit_id and c.ancestor_id = ${county.id}
		where p.rank_level = 'county' order by p.id limit 1`;
	const leader = {
		id: -1,
		roles: ['leader'],
		scopeUnitIds: [county.id]
	} as unknown as SessionUser;
	console.error(`county ${county.name} (${county.id}), person ${person.id}`);

	const archiveMs = await time('archive: one 县处级 person', async () => {
		const p = await requireArchivePerson(sql, leader, person.id);
		return personArchive(sql, p, YEAR, TODAY, ZONE);
	});
	const prefMs = await time('unit: whole prefecture', () =>
		shortfallReport(sql, { rootIds: [root.id], everyone: true }, YEAR, TODAY)
	);
	const countyMs = await time('unit: county with people below', () =>
		Promise.all([
			shortfallReport(sql, { unitId: county.id }, YEAR, TODAY),
			shortfallPeople(sql, county.id, YEAR, TODAY)
		])
	);
	return { archive: archiveMs, unit: Math.max(prefMs, countyMs) };
}
