// A web process (XUEFAN_ROLE=web) sends jobs but runs none: its queue holds
// no worker lease, registers no handlers and leaves a sent job waiting for a
// worker; a worker on the same queue then runs it.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestSchema, type TestDb } from '../../src/lib/server/db/test-schema.ts';
import { startJobs } from '../../src/lib/server/jobs/index.ts';
import { REPORT_EXPORT_CLEANUP } from '../../src/lib/server/reports/jobs.ts';

let t: TestDb;
let boss: string;
const connection = () => ({ connectionString: process.env.DATABASE_URL! });

beforeAll(async () => {
	t = await createTestSchema();
	boss = `${t.schema}_boss`;
});
afterAll(async () => {
	await t.sql.unsafe(`drop schema if exists ${boss} cascade`);
	await t.drop();
});

const state = async (id: string) =>
	(await t.sql`select state from ${t.sql(boss)}.job where id = ${id}`)[0]?.state as string;

it('web sends, runs nothing; a worker runs what it sent', async () => {
	const web = await startJobs({ sql: t.sql, connection: connection(), schema: boss, work: false });
	let id: string | null = null;
	try {
		expect(web.leases).toBeNull();
		expect((await t.sql`select count(*)::int as n from job_workers`)[0].n).toBe(0);
		id = await web.boss.send(REPORT_EXPORT_CLEANUP, {});
		await new Promise((r) => setTimeout(r, 3000));
		expect(await state(id!)).toBe('created');
	} finally {
		await web.stop();
	}
	const worker = await startJobs({
		sql: t.sql,
		connection: connection(),
		schema: boss,
		work: true,
		pollingIntervalSeconds: 0.5
	});
	try {
		expect(worker.leases?.workerId).toMatch(/^[0-9a-f-]{36}$/);
		const end = Date.now() + 20_000;
		while (Date.now() < end && (await state(id!)) !== 'completed')
			await new Promise((r) => setTimeout(r, 250));
		expect(await state(id!)).toBe('completed');
	} finally {
		await worker.stop();
	}
	// Stopped: its registration is gone (nothing left for a sweep to retry).
	expect((await t.sql`select count(*)::int as n from job_workers`)[0].n).toBe(0);
}, 60_000);
