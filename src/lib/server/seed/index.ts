// Demo data: the demo scale (a county, ~200 people) that the embedded default
// seeds at first start, and the prefecture scale (~2,000 units, 45,000 people)
// for benchmarks. Both include the four demo accounts (password xuefan-demo).
import { hashPassword } from '../auth/passwords.ts';
import type { Db } from '../db/index.ts';
import { lockTree } from '../org/closure.ts';
import { inTransaction } from '../db/tx.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, demoAccountsBox, insertDemoAccounts } from './accounts.ts';
import { seedDemoCourses, type DemoCoursesResult } from './courses.ts';
import { seedDemoProgress, type DemoProgressResult } from './progress.ts';
import { seedDemoProgramme } from './programmes.ts';
import { seedDemoLive } from './live.ts';
import { seedDemoBank } from '../quiz/bank/demo.ts';
import { seedDemoQuizzes } from './quizzes.ts';
import { generatePeople, insertPeople } from './people.ts';
import { Random } from './random.ts';
import { insertTree, treeDepth, type UnitNode } from './tree.ts';
import { demoTree, prefectureTree } from './trees.ts';
import { scaledTargets, seedTrainingYear, type TrainingYearResult } from './training-year.ts';

export { DEMO_ACCOUNTS, DEMO_PASSWORD, demoAccountsBox, type DemoAccount } from './accounts.ts';
export { resetDatabase } from './reset.ts';

export interface SeedOptions {
	/** People in all, the demo accounts included (demo: 200, prefecture: 45,000). */
	people?: number;
	/** Seed of the random generator: the same seed gives the same data. */
	seed?: number;
	/** Prefecture only: also seed the training year of the source document (default true; scaled below 45,000 people). */
	trainingYear?: boolean;
}

export interface SeedResult {
	units: number;
	people: number;
	/** Depth of the deepest unit below the root (the root is 0). */
	depth: number;
	ms: number;
	/** The demo scale's courses (their videos transcode in the app's job queue after start). */
	courses?: DemoCoursesResult;
	/** Demo learners' partial watch progress on those courses. */
	progress?: DemoProgressResult;
	/** The prefecture's training year (classes, records, the online programme). */
	trainingYear?: TrainingYearResult;
}

/** Thrown when seeding would mix demo data into a database that already has units or people. */
export class NotEmptyError extends Error {
	constructor(
		public readonly users: number,
		public readonly units: number
	) {
		super(
			`the database is not empty (${users} people, ${units} org units): seed only a fresh database`
		);
		this.name = 'NotEmptyError';
	}
}

export async function countContents(sql: Db): Promise<{ users: number; units: number }> {
	const [row] = await sql<{ users: number; units: number }[]>`
		select (select count(*) from users)::int as users, (select count(*) from org_units)::int as units`;
	return row;
}

/** The demo scale: 昌吉州 → 呼图壁县 (departments, townships, villages) and 玛纳斯县; ~200 people. */
export async function seedDemo(sql: Db, options: SeedOptions = {}): Promise<SeedResult> {
	const result = await seed(
		sql,
		demoTree(),
		options.people ?? 200,
		new Random(options.seed ?? 2022)
	);
	const courses = await seedDemoCourses(sql);
	await seedDemoBank(sql); // the demo courses' question banks (a demo quiz draws from them)
	// After the courses: their lessons' durations are known from the generated clips.
	const progress = await seedDemoProgress(sql);
	await seedDemoProgramme(sql); // 呼图壁县's study programme, after the progress it reflects
	await seedDemoLive(sql); // a live session lecturer can start and learner can join
	await seedDemoQuizzes(sql); // a quiz per demo course over its bank; last, so the seeded completions stand
	return { ...result, courses, progress };
}

/**
 * The prefecture scale: ~2,000 units of depth ≤ 5 and 45,000 people, built in
 * bulk in one transaction; then its training year (training-year.ts) with the
 * source document's figures (scaled down for fewer people).
 */
export async function seedPrefecture(sql: Db, options: SeedOptions = {}): Promise<SeedResult> {
	const rng = new Random(options.seed ?? 2022);
	const people = options.people ?? 45_000;
	const result = await seed(sql, prefectureTree(rng), people, rng);
	if (options.trainingYear === false) return result;
	const trainingYear = await seedTrainingYear(
		sql,
		scaledTargets(people / 45_000),
		options.seed ?? 2022
	);
	return { ...result, trainingYear, ms: result.ms + trainingYear.ms };
}

/**
 * At first start of the embedded default: seeds the demo scale when the
 * database has no people and no units, and prints the demo accounts. True when
 * it seeded.
 */
export async function seedDemoIfEmpty(sql: Db): Promise<boolean> {
	const { users, units } = await countContents(sql);
	if (users > 0) return false;
	if (units > 0) {
		console.log(
			'The database has org units but no people: no demo data seeded. Create an administrator with `npm run create-admin`.'
		);
		return false;
	}
	try {
		const result = await seedDemo(sql);
		console.log(`${demoAccountsBox()}\n(${result.units} units, ${result.people} people)`);
		return true;
	} catch (e) {
		if (e instanceof NotEmptyError) return false; // another instance seeded first
		throw e;
	}
}

async function seed(sql: Db, root: UnitNode, people: number, rng: Random): Promise<SeedResult> {
	const started = performance.now();
	// One Argon2id hash for everyone: hashing per person would take minutes at scale.
	const passwordHash = await hashPassword(DEMO_PASSWORD);
	return inTransaction(sql, async (tx) => {
		await lockTree(tx);
		const { users, units } = await countContents(tx);
		if (users > 0 || units > 0) throw new NotEmptyError(users, units);
		const nodes = await insertTree(tx, [root]);
		const unitIds = new Map(nodes.map((n) => [n.path!, n.id!]));
		const rows = generatePeople(rng, nodes, Math.max(0, people - DEMO_ACCOUNTS.length));
		await insertPeople(tx, rows, passwordHash);
		await insertDemoAccounts(tx, unitIds, passwordHash);
		return {
			units: nodes.length,
			people: rows.length + DEMO_ACCOUNTS.length,
			depth: treeDepth(nodes),
			ms: Math.round(performance.now() - started)
		};
	});
}
