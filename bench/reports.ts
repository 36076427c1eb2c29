// npm run bench:reports — completion reports on the prefecture-scale data
// (~2,000 units, 45,000 people, a programme of 10 courses with partial
// progress) in a throw-away database on the machine's PostgreSQL
// (XUEFAN_BENCH_PG, default postgres://root@127.0.0.1:5432/test's server).
// Times the functions the report routes call, p95 over RUNS runs each:
// - tree: the whole prefecture for an administrator: the root's page (children
//   rolled up + own staff + total, chart series, first people page) and the
//   full rollup of every unit (what the tree export writes); the slower counts;
// - county: a county leader's page for their county;
// - people: a village's people list (first page, with count);
// - export: the full 45,000-row people xlsx, written by the export job to a file.
// Last line: {"tree_p95_ms":…, "county_p95_ms":…, "people_p95_ms":…, "export_45k_s":…}
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createBenchDb } from './progress-harness.ts';
import { seedPrefecture } from '../src/lib/server/seed/index.ts';
import { registerDomainReactions } from '../src/lib/server/domains.ts';
import { seedPrefectureProgramme } from '../src/lib/server/seed/prefecture-programme.ts';
import { unitReport, subtreeRollup } from '../src/lib/server/reports/rollup.ts';
import { peoplePage } from '../src/lib/server/reports/people.ts';
import { completionSeries } from '../src/lib/server/reports/snapshots.ts';
import { createExport, exportPath, runExport } from '../src/lib/server/reports/export/jobs.ts';
import type { Db } from '../src/lib/server/db/index.ts';

const RUNS = Number(process.env.RUNS ?? 50);

function p95(samples: number[]): number {
	const s = [...samples].sort((a, b) => a - b);
	return Math.round(s[Math.min(s.length - 1, Math.ceil(0.95 * s.length) - 1)] * 10) / 10;
}

async function time(label: string, fn: () => Promise<unknown>): Promise<number> {
	for (let i = 0; i < 3; i++) await fn(); // warm caches and plans
	const samples: number[] = [];
	for (let i = 0; i < RUNS; i++) {
		const t0 = performance.now();
		await fn();
		samples.push(performance.now() - t0);
	}
	const v = p95(samples);
	const median = [...samples].sort((a, b) => a - b)[Math.floor(samples.length / 2)];
	console.error(`${label}: p95 ${v} ms, median ${median.toFixed(1)} ms over ${RUNS} runs`);
	return v;
}

/** What /reports/[p]/units/[u] loads, with the scope checks it runs first. */
async function unitPage(
	sql: Db,
	programme: { id: number; deadline: Date },
	unitId: number,
	roots: number[] | null
) {
	await sql`select id, title, status, starts_at, deadline from programmes where id = ${programme.id}`;
	if (roots)
		await sql`select 1 from org_closure where descendant_id = ${unitId} and ancestor_id = any(${roots}::int[])`;
	await sql`select u.id, u.name, c.depth from org_closure c join org_units u on u.id = c.ancestor_id where c.descendant_id = ${unitId}`;
	return Promise.all([
		unitReport(sql, programme, { unitId }),
		peoplePage(sql, { programme, unitId, includeSub: false, filter: 'all', q: '' }),
		completionSeries(sql, programme.id, unitId)
	]);
}

registerDomainReactions();
const db = await createBenchDb();
const dir = await mkdtemp(path.join(tmpdir(), 'xuefan-bench-exports-'));
process.env.XUEFAN_EXPORT_DIR = dir;
try {
	const { sql } = db;
	let t0 = performance.now();
	const seeded = await seedPrefecture(sql);
	const prog = await seedPrefectureProgramme(sql);
	await sql`analyze`;
	console.error(
		`seeded ${seeded.units} units, ${seeded.people} people, ${prog.assigned} assignments in ${Math.round(performance.now() - t0)} ms`
	);
	const [programme] = await sql<
		{ id: number; deadline: Date }[]
	>`select id, deadline from programmes where id = ${prog.programmeId}`;
	const [root] = await sql<{ id: number }[]>`select id from org_units where parent_id is null`;
	// the county with most people; in it, the village with most assigned
	const [county] = await sql<{ id: number; name: string }[]>`
		select u.id, u.name from org_units u join org_closure c on c.ancestor_id = u.id join users p on p.unit_id = c.descendant_id
		where u.kind = 'county' group by u.id order by count(*) desc limit 1`;
	const [village] = await sql<{ id: number; name: string; n: number }[]>`
		select u.id, u.name, count(*)::int as n from org_units u join org_closure c on c.ancestor_id = ${county.id} and c.descendant_id = u.id
		join programme_assignments a on a.unit_id = u.id where u.kind = 'village' group by u.id order by count(*) desc limit 1`;
	console.error(
		`county ${county.name} (${county.id}), village ${village.name} with ${village.n} people`
	);

	const rootPage = await time('tree: root page', () => unitPage(sql, programme, root.id, null));
	const rollup = await time('tree: full rollup of every unit', () =>
		subtreeRollup(sql, programme, root.id)
	);
	const units = (await subtreeRollup(sql, programme, root.id)).length;
	console.error(`(full rollup covers ${units} units)`);
	const countyMs = await time('county page', () =>
		unitPage(sql, programme, county.id, [county.id])
	);
	const peopleMs = await time('village people list', () =>
		peoplePage(sql, { programme, unitId: village.id, includeSub: false, filter: 'all', q: '' })
	);
	await time('county people list with sub-units, overdue filter', () =>
		peoplePage(sql, {
			programme,
			unitId: county.id,
			includeSub: true,
			filter: 'not_started',
			q: ''
		})
	);

	const [admin] = await sql<{ id: number }[]>`select id from users where employee_no = 'admin'`;
	t0 = performance.now();
	const id = await createExport(
		sql,
		admin.id,
		{
			programmeId: programme.id,
			unitId: root.id,
			includeSub: true,
			filter: 'all',
			q: '',
			locale: 'zh-CN',
			title: '全州人员名单',
			subtitle: ''
		},
		'全州人员名单.xlsx',
		prog.assigned
	);
	await runExport(sql, id);
	const exportS = Math.round((performance.now() - t0) / 10) / 100;
	const [row] = await sql`select rows_done from report_exports where id = ${id}`;
	console.error(
		`export: ${row.rows_done} rows, ${(await stat(exportPath(id))).size} bytes in ${exportS} s`
	);

	console.log(
		JSON.stringify({
			tree_p95_ms: Math.max(rootPage, rollup),
			county_p95_ms: countyMs,
			people_p95_ms: peopleMs,
			export_45k_s: exportS
		})
	);
} finally {
	await rm(dir, { recursive: true, force: true });
	await db.drop();
}
