// Forward-only migrations: plain SQL files in migrations/, applied in name
// order, each in its own transaction, recorded in schema_migrations.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type postgres from 'postgres';
import { config } from '../config.js';

/** Applies what has not run yet; returns the names applied. Safe to run from several instances at once. */
export async function migrate(sql: postgres.Sql, dir = config().migrationsDir): Promise<string[]> {
	const files = (await readdir(dir)).filter((f) => /^\d{4}_.+\.sql$/.test(f)).sort();
	// Under the lock too: two processes' `create table if not exists` can both
	// miss the table and collide in the catalogue (duplicate pg_type key).
	await sql.begin(async (tx) => {
		await tx`select pg_advisory_xact_lock(hashtext('xuefan:migrate'))`;
		await tx`
			create table if not exists schema_migrations (
				name text primary key,
				applied_at timestamptz not null default now()
			)`;
	});
	const applied: string[] = [];
	for (const name of files) {
		const text = await readFile(path.join(dir, name), 'utf8');
		const ran = await sql.begin(async (tx) => {
			// One instance migrates at a time; the others wait, then skip.
			await tx`select pg_advisory_xact_lock(hashtext('xuefan:migrate'))`;
			const [done] = await tx`select 1 from schema_migrations where name = ${name}`;
			if (done) return false;
			await tx.unsafe(text);
			await tx`insert into schema_migrations (name) values (${name})`;
			return true;
		});
		if (ran) applied.push(name);
	}
	return applied;
}
