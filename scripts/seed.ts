// npm run seed -- --scale demo|prefecture [--reset [--yes]] [--people N]
// Demo data for trying Xuefan out (demo) or for benchmarks (prefecture).
// Seeds only a database without people or units; --reset empties the app's
// tables first (the schema stays; the database is never dropped).
import { openDatabase } from '../src/lib/server/db/index.ts';
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { migrate } from '../src/lib/server/db/migrate.ts';
import { runScript, ScriptError, where } from '../src/lib/server/seed/cli.ts';
import {
	countContents,
	demoAccountsBox,
	resetDatabase,
	seedDemo,
	seedPrefecture
} from '../src/lib/server/seed/index.ts';
import { registerDomainReactions } from '../src/lib/server/domains.ts';

const USAGE = `Usage: npm run seed -- --scale demo|prefecture [--people N] [--reset [--yes]]
  --scale demo        昌吉州/呼图壁县 with departments, townships, villages; 200 people (default)
  --scale prefecture  ~2,000 units and 45,000 people, for benchmarks
  --people N          number of people (the four demo accounts included)
  --reset             empty every app table first (asks unless --yes; the database itself is kept)
Uses DATABASE_URL, else the embedded database in ./data/pg.`;

registerDomainReactions();
await runScript(async () => {
	const { values } = parseArgs({
		options: {
			scale: { type: 'string', default: 'demo' },
			people: { type: 'string' },
			reset: { type: 'boolean', default: false },
			yes: { type: 'boolean', default: false },
			help: { type: 'boolean', short: 'h', default: false }
		}
	});
	if (values.help) return void console.log(USAGE);
	if (values.scale !== 'demo' && values.scale !== 'prefecture')
		throw new ScriptError(`unknown scale "${values.scale}"\n${USAGE}`);
	const people = values.people === undefined ? undefined : Number(values.people);
	if (people !== undefined && !(Number.isInteger(people) && people >= 4 && people <= 1_000_000)) {
		throw new ScriptError('--people must be a whole number from 4 to 1,000,000');
	}

	const database = await openDatabase();
	try {
		const applied = await migrate(database.sql);
		if (applied.length) console.log(`migrations applied: ${applied.join(', ')}`);
		const contents = await countContents(database.sql);
		if (contents.users || contents.units) {
			if (!values.reset) {
				throw new ScriptError(
					`${where()} already has ${contents.users} people and ${contents.units} org units: nothing seeded.\n` +
						'Seed a fresh database, or add --reset to empty every app table first (this deletes all its data).'
				);
			}
			await confirmReset(values.yes, contents, !database.embedded);
			const tables = await resetDatabase(database.sql);
			console.log(`emptied ${tables.length} tables`);
		}
		console.log(`seeding the ${values.scale} scale into ${where()}…`);
		const result =
			values.scale === 'demo'
				? await seedDemo(database.sql, { people })
				: await seedPrefecture(database.sql, { people });
		console.log(demoAccountsBox());
		console.log(
			`${result.units} units in ${result.depth + 1} levels, ${result.people} people in ${(result.ms / 1000).toFixed(2)} s`
		);
		const ty = result.trainingYear;
		if (ty)
			console.log(
				`training year: ${ty.classes} classes, ${ty.sessions} sessions, ${ty.enrolments} enrolments, ${ty.attendance} attendance records in ${(ty.ms / 1000).toFixed(2)} s`,
				JSON.stringify(ty.steps)
			);
	} finally {
		await database.close();
	}
});

async function confirmReset(
	yes: boolean,
	contents: { users: number; units: number },
	remote: boolean
) {
	if (yes) return;
	if (!process.stdin.isTTY)
		throw new ScriptError(
			'--reset deletes all data: confirm with --yes when not running in a terminal'
		);
	const rl = createInterface({ input: process.stdin, output: process.stdout });
	const answer = await rl.question(
		`This deletes ALL data in ${where()}${remote ? ' (DATABASE_URL)' : ''}: ${contents.users} people, ${contents.units} units, and everything else.\nType "reset" to go on: `
	);
	rl.close();
	if (answer.trim() !== 'reset') throw new ScriptError('not reset: nothing changed');
}
