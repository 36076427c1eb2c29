// npm run bench:progress-programme — what a live study programme costs the
// heartbeat path: bench:progress without and with --programme (a published,
// running programme containing the benchmarked course, assigned to every
// learner), alternated --rounds times (default 2) on the current build
// (XUEFAN_BUILD_DIR, else build/; run `npm run build` first), each run on a
// fresh database. Extra arguments go to bench/progress.ts (e.g. --seconds 30).
// Last line: {"without_per_s":…,"with_per_s":…,"ratio":…,"runs":{…}}; ratio =
// with / without (medians); the goal is ≥ 0.9.
import { spawnSync } from 'node:child_process';

// --rounds N (or --rounds=N) is ours; everything else goes to bench/progress.ts.
const argv = process.argv.slice(2);
let ROUNDS = 2;
const passThrough: string[] = [];
for (let i = 0; i < argv.length; i++) {
	if (argv[i] === '--rounds') ROUNDS = Number(argv[++i]);
	else if (argv[i].startsWith('--rounds=')) ROUNDS = Number(argv[i].slice(9));
	else passThrough.push(argv[i]);
}
ROUNDS = Math.min(10, Math.max(1, ROUNDS || 2));

function run(programme: boolean): { heartbeats_per_s: number; p99_ms: number; errors: number } {
	const args = ['tsx', 'bench/progress.ts', '--no-build', '--bare-seconds', '1', ...passThrough, ...(programme ? ['--programme'] : [])];
	console.error(`> npx ${args.join(' ')}`);
	const r = spawnSync('npx', args, { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
	if (r.status !== 0) throw new Error(`bench/progress.ts failed (${r.status})`);
	const last = r.stdout.trim().split('\n').at(-1)!;
	console.error(`  ${programme ? 'with   ' : 'without'}: ${last}`);
	return JSON.parse(last);
}

const median = (xs: number[]) => {
	const s = [...xs].sort((a, b) => a - b);
	return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const without: number[] = [];
const withP: number[] = [];
for (let i = 0; i < ROUNDS; i++) {
	// Alternate which goes first: the machine's drift (other load, vacuum) falls on both.
	const order = i % 2 === 0 ? [false, true] : [true, false];
	for (const programme of order) {
		const out = run(programme);
		if (out.errors) throw new Error(`${out.errors} heartbeat errors`);
		(programme ? withP : without).push(out.heartbeats_per_s);
	}
}
const a = median(without);
const b = median(withP);
console.log(JSON.stringify({ without_per_s: Math.round(a), with_per_s: Math.round(b), ratio: Number((b / a).toFixed(3)), runs: { without, with: withP } }));
