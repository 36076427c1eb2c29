// npm run create-admin -- --employee-no X --name 姓名 [--password P] [--unit 路径]
// The first administrator of an install (or promotes an existing person).
// The password comes from --password, else XUEFAN_ADMIN_PASSWORD, else a
// hidden prompt on the terminal.
import { openDatabase } from '../src/lib/server/db/index.ts';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { migrate } from '../src/lib/server/db/migrate.ts';
import { createAdmin } from '../src/lib/server/seed/admin.ts';
import { runScript, ScriptError, where } from '../src/lib/server/seed/cli.ts';
import { config } from '../src/lib/server/config.js';

const USAGE = `Usage: npm run create-admin -- --employee-no X --name 姓名 [--password P] [--unit 单位路径]
  --employee-no  the login (2–32 letters, digits, _ . -); an existing person is promoted to administrator
  --name         the person's name (required for a new person)
  --password     8+ characters with letters and digits; else XUEFAN_ADMIN_PASSWORD, else asked for
  --unit         the person's unit as a path (昌吉州/呼图壁县); on an empty tree, the name of the root
                 unit to create (default 本单位)
Uses DATABASE_URL, else the embedded database in ./data/pg.`;

await runScript(async () => {
	const { values } = parseArgs({
		options: {
			'employee-no': { type: 'string' },
			name: { type: 'string' },
			password: { type: 'string' },
			unit: { type: 'string' },
			help: { type: 'boolean', short: 'h', default: false }
		}
	});
	if (values.help) return void console.log(USAGE);
	const employeeNo = values['employee-no'];
	if (!employeeNo) throw new ScriptError(`--employee-no is required\n${USAGE}`);
	const password = values.password ?? config().adminPassword ?? (await askPassword());

	const database = await openDatabase();
	try {
		const applied = await migrate(database.sql);
		if (applied.length) console.log(`migrations applied: ${applied.join(', ')}`);
		const r = await createAdmin(database.sql, {
			employeeNo,
			name: values.name,
			password,
			unit: values.unit
		});
		if (r.createdUnit) console.log(`created the root unit ${r.createdUnit}`);
		console.log(
			r.created
				? `created administrator ${employeeNo} in ${where()}: sign in with this employee number and password`
				: `${employeeNo} is now an administrator with the new password (their other sessions were signed out)`
		);
	} finally {
		await database.close();
	}
});

async function askPassword(): Promise<string> {
	if (!process.stdin.isTTY) {
		throw new ScriptError(
			'no password: pass --password, set XUEFAN_ADMIN_PASSWORD, or run in a terminal to be asked'
		);
	}
	const first = await hiddenQuestion('Password 密码: ');
	const second = await hiddenQuestion('Again 再次输入: ');
	if (first !== second) throw new ScriptError('the two passwords differ 两次输入的密码不一致');
	return first;
}

/** Asks on the terminal without echoing what is typed. */
function hiddenQuestion(prompt: string): Promise<string> {
	const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
	const internals = rl as unknown as { _writeToOutput: (s: string) => void };
	let muted = false;
	internals._writeToOutput = (s: string) => {
		if (!muted) process.stdout.write(s);
	};
	return new Promise((resolve) => {
		rl.question(prompt, (answer) => {
			rl.close();
			process.stdout.write('\n');
			resolve(answer);
		});
		muted = true;
	});
}
