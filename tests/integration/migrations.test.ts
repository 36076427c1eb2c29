import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSchema, type TestDb } from '../../src/lib/server/db/test-schema';
import { migrate } from '../../src/lib/server/db/migrate';

let t: TestDb;
beforeAll(async () => {
	t = await createTestSchema();
});
afterAll(() => t.drop());

describe('migrations', () => {
	it('apply from an empty schema and record each file once', async () => {
		const rows = await t.sql`select name from schema_migrations order by name`;
		expect(rows.map((r) => r.name)).toContain('0001_foundation.sql');
		const tables = await t.sql`
			select table_name from information_schema.tables where table_schema = ${t.schema}`;
		expect(tables.map((r) => r.table_name)).toEqual(
			expect.arrayContaining(['org_units', 'org_closure', 'users', 'sessions', 'leader_scopes'])
		);
	});
	it('are not applied twice', async () => {
		expect(await migrate(t.sql)).toEqual([]);
	});
});
