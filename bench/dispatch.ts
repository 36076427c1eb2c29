// npm run bench:dispatch — the dispatch list (调训) for a county on the
// prefecture seed (`npm run seed -- --scale prefecture`; DATABASE_URL, else
// the embedded database): the largest county (~5,500 people). Times what
// /dispatch loads (scope check, the ranked first page with its total, the
// open classes), p95 over RUNS runs (default 50) after 3 warm-up runs.
// When the county has no 学时 this year, a training year is added first
// (bench/dispatch-fill.ts, said on stderr). Last line: {"dispatch_p95_ms":…}
// measureDispatch() is exported for the combined bench:archive.
import { pathToFileURL } from 'node:url';
import { openDatabase, type Db } from '../src/lib/server/db/index.ts';
import { orgZone, yearOf } from '../src/lib/server/clock/index.ts';
import { dispatchList, dispatchUnit, openClasses } from '../src/lib/server/dispatch/index.ts';
import type { SessionUser } from '../src/lib/server/auth/types.ts';
import { fillTrainingYear } from './dispatch-fill.ts';

const p95 = (samples: number[]) => {
	const s = [...samples].sort((a, b) => a - b);
	return Math.round(s[Math.min(s.length - 1, Math.ceil(0.95 * s.length) - 1)] * 10) / 10;
};

/** The county with the most people; adds a training year there if it has none. */
export async function benchCounty(sql: Db, year: number): Promise<{ id: number; people: number }> {
	const [county] = await sql`
		select o.id, count(u.id)::int as people from org_units o
		join org_closure oc on oc.ancestor_id = o.id join users u on u.unit_id = oc.descendant_id and u.active
		where o.kind = 'county' group by o.id order by people desc, o.id limit 1`;
	if (!county)
		throw new Error('no county: seed the prefecture first (npm run seed -- --scale prefecture)');
	const [has] = await sql`
		select 1 from credit_ledger l join users u on u.id = l.user_id
		join org_closure oc on oc.descendant_id = u.unit_id
		where oc.ancestor_id = ${county.id} and l.year = ${year} limit 1`;
	if (!has) {
		console.error(`county ${county.id} has no 学时 in ${year}: adding a generated training year…`);
		await fillTrainingYear(sql, county.id, year);
		await sql`analyze`;
	}
	return { id: county.id, people: county.people };
}

/** p95 (ms) of a county leader's /dispatch load. */
export async function measureDispatch(
	sql: Db,
	runs = 50
): Promise<{ p95: number; median: number; people: number }> {
	const year = yearOf(new Date());
	const county = await benchCounty(sql, year);
	const leader: SessionUser = {
		id: 0,
		employeeNo: 'bench',
		name: 'bench',
		unitId: county.id,
		roles: ['leader'],
		scopeUnitIds: [county.id],
		locale: null,
		mustChangePassword: false
	};
	const load = async () => {
		const unit = await dispatchUnit(sql, leader, county.id);
		if (!unit) throw new Error('scope check failed');
		const [page] = await Promise.all([
			dispatchList(sql, { unitId: unit.id, year, zone: orgZone(), order: 'hours' }),
			openClasses(sql, leader)
		]);
		if (page.total !== county.people) throw new Error(`listed ${page.total} of ${county.people}`);
	};
	for (let i = 0; i < 3; i++) await load();
	const samples: number[] = [];
	for (let i = 0; i < runs; i++) {
		const t0 = performance.now();
		await load();
		samples.push(performance.now() - t0);
	}
	const median = [...samples].sort((a, b) => a - b)[Math.floor(samples.length / 2)];
	return { p95: p95(samples), median: Math.round(median * 10) / 10, people: county.people };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
	const database = await openDatabase();
	try {
		const r = await measureDispatch(database.sql, Number(process.env.RUNS ?? 50));
		console.error(`dispatch, county of ${r.people} people: p95 ${r.p95} ms, median ${r.median} ms`);
		console.log(JSON.stringify({ dispatch_p95_ms: r.p95 }));
	} finally {
		await database.close();
	}
}
