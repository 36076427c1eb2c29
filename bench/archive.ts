// npm run bench:archive — the training archive's pages on the prefecture seed
// with its training year (45,000 people, 486 classes, 84,000 enrolments,
// 566,000 attendance records), p95 over RUNS runs each (default 50) after 3
// warm-up runs:
// - yearend: the year-end statistics of the whole prefecture, as the page
//   loads them for an administrator (target + every figure);
// - archive (one person's archive page) and unit (the unit view of people
//   below their requirement): bench/archive-person.ts;
// - dispatch: a county leader's /dispatch load (bench/dispatch.ts).
// Seeds a throw-away database on the machine's PostgreSQL (XUEFAN_BENCH_PG),
// or reuses an already seeded one: XUEFAN_BENCH_DB=postgres://…/xuefan_x.
// Last line: {"archive_p95_ms":…, "unit_p95_ms":…, "yearend_p95_ms":…, "dispatch_p95_ms":…}
import postgres from 'postgres';
import { createBenchDb } from './progress-harness.ts';
import { seedPrefecture } from '../src/lib/server/seed/index.ts';
import { registerDomainReactions } from '../src/lib/server/domains.ts';
import { clientOptions } from '../src/lib/server/db/index.ts';
import { measureArchive } from './archive-person.ts';
import { measureYearEnd } from './archive-yearend.ts';
import { measureDispatch } from './dispatch.ts';

const RUNS = Number(process.env.RUNS ?? 50);

function p95(samples: number[]): number {
	const s = [...samples].sort((a, b) => a - b);
	return Math.round(s[Math.min(s.length - 1, Math.ceil(0.95 * s.length) - 1)] * 10) / 10;
}

async function time(label: string, fn: () => Promise<unknown>): Promise<number> {
	for (let i = 0; i < 3; i++) await fn();
	const samples: number[] = [];
	for (let i = 0; i < RUNS; i++) {
		const t0 = performance.now();
		await fn();
		samples.push(performance.now() - t0);
	}
	const median = [...samples].sort((a, b) => a - b)[Math.floor(samples.length / 2)];
	const v = p95(samples);
	console.error(`${label}: p95 ${v} ms, median ${median.toFixed(1)} ms over ${RUNS} runs`);
	return v;
}

registerDomainReactions();
const reuse = process.env.XUEFAN_BENCH_DB;
const db = reuse
	? { sql: postgres(reuse, { ...clientOptions, max: 4 }), drop: async () => {} }
	: await createBenchDb();
try {
	const { sql } = db;
	if (!reuse) {
		const t0 = performance.now();
		const seeded = await seedPrefecture(sql);
		console.error(
			`seeded ${seeded.units} units, ${seeded.people} people, training year ${JSON.stringify(seeded.trainingYear?.steps)} in ${Math.round(performance.now() - t0)} ms`
		);
	}
	const yearend = await measureYearEnd(sql, time);
	const { archive, unit } = await measureArchive(sql, time);
	const dispatch = await measureDispatch(sql, RUNS);
	console.error(
		`dispatch: p95 ${dispatch.p95} ms, median ${dispatch.median} ms over ${RUNS} runs (${dispatch.people} people)`
	);
	console.log(
		JSON.stringify({
			archive_p95_ms: archive,
			unit_p95_ms: unit,
			yearend_p95_ms: yearend,
			dispatch_p95_ms: dispatch.p95
		})
	);
} finally {
	if (reuse) await db.sql.end({ timeout: 5 });
	await db.drop();
}
