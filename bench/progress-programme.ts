// npm run bench:progress-programme — what a live study programme costs the
// heartbeat path, measured so that the machine's other load falls on both
// sides alike: two production servers run side by side on two fresh
// databases, A without a programme and B with a published, running programme
// that contains the benchmarked course and is assigned to every learner (so
// B's heartbeats also keep programme_assignments, and the report counters
// triggered from it, current). The closed-loop heartbeat load of
// bench:progress then goes to both AT ONCE (half the --concurrency each), in
// --windows windows of --window seconds (defaults 8 × 8 s) after a --warmup
// (default 5 s, reported apart: it holds every learner's first heartbeat,
// where B marks assignments in progress). Paired windows see the same
// background load, so their ratio is what the programme costs.
// Uses the current build (XUEFAN_BUILD_DIR, else build/; --no-build skips
// building when one exists).
// Last line: {"without_per_s":…,"with_per_s":…,"ratio":…,"median_window_ratio":…,"warmup":{…},"errors":…,"windows":{…}};
// ratio = with / without over all windows; the goal is ≥ 0.9 (≤ 10 % drop).
import { parseArgs } from 'node:util';
import { publishBenchProgramme } from './programme-fixture.ts';
import {
	buildApp,
	createBenchDb,
	request,
	seedLearners,
	seedLesson,
	startServer,
	stopServer,
	type BenchDb
} from './progress-harness.ts';

const { values } = parseArgs({
	options: {
		learners: { type: 'string', default: '2000' },
		window: { type: 'string', default: '8' },
		windows: { type: 'string', default: '8' },
		warmup: { type: 'string', default: '5' },
		concurrency: { type: 'string', default: '160' },
		'no-build': { type: 'boolean', default: false },
		tcp: { type: 'boolean', default: false }
	}
});
const LEARNERS = Math.min(20_000, Math.max(1, Number(values.learners)));
const WINDOW_S = Math.min(120, Math.max(1, Number(values.window)));
const WINDOWS = Math.min(50, Math.max(1, Number(values.windows)));
const CONCURRENCY = Math.min(512, Math.max(2, Number(values.concurrency)));
const WARMUP_S = Math.min(60, Math.max(0, Number(values.warmup)));

interface Virtual {
	cookie: string;
	playbackId: string;
	seq: number;
	pos: number;
	last: number;
}
interface Side {
	name: 'without' | 'with';
	port: number;
	db: BenchDb;
	learners: Virtual[];
	ok: number;
	errors: number;
	seconds: number;
	windows: number[];
}

async function prepare(name: Side['name'], port: number): Promise<Side> {
	const db = await createBenchDb();
	dbs.push(db);
	const learners = await seedLearners(db.sql, LEARNERS);
	const lessonId = await seedLesson(db.sql, 3600);
	if (name === 'with') await publishBenchProgramme(db.sql, lessonId);
	const server = await startServer(db.url, port, `data/bench-server-${port}.log`);
	servers.push(server);
	const virtual: Virtual[] = [];
	for (let i = 0; i < learners.length; i += 50) {
		const batch = learners.slice(i, i + 50);
		const started = await Promise.all(
			batch.map((l, j) =>
				request(
					port,
					'POST',
					'/api/playbacks',
					JSON.stringify({ lessonId, deviceId: `bench-${i + j}` }),
					l.cookie
				)
			)
		);
		for (const [j, res] of started.entries()) {
			if (res.status !== 201) throw new Error(`POST /api/playbacks: ${res.status} ${res.body}`);
			virtual.push({
				cookie: batch[j].cookie,
				playbackId: JSON.parse(res.body).playbackId,
				seq: 0,
				pos: 0,
				last: Date.now()
			});
		}
	}
	console.error(`${name}: database ${db.name}, server on ${port}, ${virtual.length} playbacks`);
	return { name, port, db, learners: virtual, ok: 0, errors: 0, seconds: 0, windows: [] };
}

/** One window of closed-loop load on a side (as bench:progress: honest wall-time intervals). */
async function window(side: Side, seconds: number, count = true): Promise<number> {
	const idle = side.learners;
	let ok = 0;
	const started = performance.now();
	const end = started + seconds * 1000;
	async function worker() {
		while (performance.now() < end) {
			const v = idle.shift()!;
			const now = Date.now();
			const watched = Math.min(30, (now - v.last) / 1000);
			const seq = v.seq + 1;
			const body = JSON.stringify({
				seq,
				intervals: [[v.pos, v.pos + watched]],
				position: v.pos + watched,
				rate: 1,
				event: 'tick',
				sentAt: now
			});
			try {
				const res = await request(
					side.port,
					'POST',
					`/api/playbacks/${v.playbackId}/heartbeats`,
					body,
					v.cookie
				);
				if (res.status === 200) {
					Object.assign(v, { seq, pos: v.pos + watched, last: now });
					ok++;
				} else {
					side.errors++;
					if (side.errors <= 5)
						console.error(`  ${side.name}: ${res.status} ${res.body.slice(0, 120)}`);
				}
			} catch (e) {
				side.errors++;
				if (side.errors <= 5) console.error(`  ${side.name}: ${(e as Error).message}`);
			}
			idle.push(v);
		}
	}
	await Promise.all(Array.from({ length: CONCURRENCY / 2 }, worker));
	const took = (performance.now() - started) / 1000;
	if (count) {
		side.ok += ok;
		side.seconds += took;
		side.windows.push(Math.round(ok / took));
	}
	return Math.round(ok / took);
}

const servers: Awaited<ReturnType<typeof startServer>>[] = [];
const dbs: BenchDb[] = [];
let sides: Side[] = [];
buildApp();
try {
	sides = [await prepare('without', 4227), await prepare('with', 4228)];
	const warm = WARMUP_S ? await Promise.all(sides.map((s) => window(s, WARMUP_S, false))) : [0, 0];
	console.error(`  warmup: without ${warm[0]}/s, with ${warm[1]}/s`);
	for (let i = 0; i < WINDOWS; i++) {
		const [x, y] = await Promise.all(sides.map((s) => window(s, WINDOW_S)));
		console.error(`  window ${i + 1}: without ${x}/s, with ${y}/s`);
	}
	const [a, b] = sides.map((s) => s.ok / s.seconds);
	const ratios = sides[0].windows.map((x, i) => sides[1].windows[i] / x).sort((p, q) => p - q);
	console.log(
		JSON.stringify({
			without_per_s: Math.round(a),
			with_per_s: Math.round(b),
			ratio: Number((b / a).toFixed(3)),
			median_window_ratio: Number(ratios[Math.floor(ratios.length / 2)].toFixed(3)),
			warmup: { without: warm[0], with: warm[1] },
			errors: sides[0].errors + sides[1].errors,
			windows: { without: sides[0].windows, with: sides[1].windows }
		})
	);
} finally {
	for (const s of servers) await stopServer(s);
	for (const db of dbs) await db.drop();
}
