// `npm run seed -- --reset`: empties every table of the app (keeping the
// schema and the record of migrations), never drops the database.
import type { Db } from '../db/index.ts';

/** Truncates every table in the current schema except schema_migrations; returns their names. */
export async function resetDatabase(sql: Db): Promise<string[]> {
	const rows = await sql<{ name: string }[]>`
		select tablename as name from pg_tables
		where schemaname = current_schema() and tablename <> 'schema_migrations'
		order by tablename`;
	const names = rows.map((r) => r.name);
	if (names.length) await sql`truncate table ${sql(names)} restart identity cascade`;
	return names;
}
