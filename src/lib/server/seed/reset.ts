// `npm run seed -- --reset`: empties every table of the app (keeping the
// schema, the record of migrations and the configuration the migrations
// installed: without the credit rules every course would earn 0 学时),
// never drops the database.
import type { Db } from '../db/index.ts';

/** Kept by a reset. None of them references a table that is emptied (TRUNCATE … CASCADE would empty it too). */
export const KEPT_TABLES = [
	'schema_migrations',
	'credit_rule_versions',
	'credit_rules',
	'annual_hour_requirements',
	'class_categories',
	'hour_requirements',
	'hour_requirement_versions',
	// append-only by its trigger: a reset is not allowed to rewrite history either
	'audit_log'
];

/** Truncates every table in the current schema except KEPT_TABLES; returns their names. */
export async function resetDatabase(sql: Db): Promise<string[]> {
	const rows = await sql<{ name: string }[]>`
		select tablename as name from pg_tables
		where schemaname = current_schema() and tablename <> all(${KEPT_TABLES})
		order by tablename`;
	const names = rows.map((r) => r.name);
	if (names.length) await sql`truncate table ${sql(names)} restart identity cascade`;
	return names;
}
