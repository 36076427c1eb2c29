// Each integration test owns its data: a fresh schema with every migration
// applied, on DATABASE_URL or on the embedded server the test run started.
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { clientOptions } from './index.ts';
import { migrate } from './migrate.ts';
import { config } from '../config.js';

export interface TestDb {
	sql: postgres.Sql;
	schema: string;
	drop(): Promise<void>;
}

export async function createTestSchema(): Promise<TestDb> {
	const url = config().databaseUrl;
	if (!url) throw new Error('DATABASE_URL is not set (vitest global setup provides one)');
	const schema = `t_${randomBytes(6).toString('hex')}`;
	const admin = postgres(url, { max: 1, onnotice: () => {} });
	await admin.unsafe(`create schema ${schema}`);
	await admin.end();
	const sql = postgres(url, {
		...clientOptions,
		max: 4,
		connection: { ...clientOptions.connection, search_path: schema }
	});
	await migrate(sql);
	return {
		sql,
		schema,
		async drop() {
			await sql.unsafe(`drop schema ${schema} cascade`);
			await sql.end();
		}
	};
}
