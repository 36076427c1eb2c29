// npm run migrate: applies the migrations that have not run yet.
import { openDatabase } from '../src/lib/server/db/index.ts';
import { migrate } from '../src/lib/server/db/migrate.ts';
import { runScript, where } from '../src/lib/server/seed/cli.ts';

await runScript(async () => {
	const database = await openDatabase();
	try {
		const applied = await migrate(database.sql);
		if (applied.length) for (const name of applied) console.log(`applied ${name}`);
		else console.log(`${where()}: migrations up to date`);
	} finally {
		await database.close();
	}
});
