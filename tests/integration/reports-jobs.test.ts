// The report domain's queues on a real pg-boss: schedules in Asia/Shanghai,
// a queued export job writes its file, the reminder and snapshot jobs run.
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import PgBoss from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSchema, type TestDb } from '../../src/lib/server/db/test-schema';
import {
	createExport,
	exportPath,
	getExport,
	REPORT_EXPORT
} from '../../src/lib/server/reports/export/jobs';
import {
	PROGRAMME_REMINDERS,
	registerReportJobs,
	REPORT_SNAPSHOTS
} from '../../src/lib/server/reports/jobs';
import { addPerson, addProgramme, addUnitUnder, assign } from './reports-fixtures';

let t: TestDb;
let boss: PgBoss;
let schema: string;
let dir: string;

beforeAll(async () => {
	dir = await mkdtemp(path.join(tmpdir(), 'xuefan-report-jobs-'));
	process.env.XUEFAN_EXPORT_DIR = dir;
	t = await createTestSchema();
	schema = `${t.schema}_boss`;
	boss = new PgBoss({ connectionString: process.env.DATABASE_URL!, schema, max: 2 });
	await boss.start();
	await registerReportJobs({ boss, sql: t.sql, schema });
});
afterAll(async () => {
	await boss.stop({ graceful: false, wait: true });
	await t.sql.unsafe(`drop schema if exists ${schema} cascade`);
	await t.drop();
	await rm(dir, { recursive: true, force: true });
});

async function until(check: () => Promise<boolean>, ms = 20_000) {
	const end = Date.now() + ms;
	while (Date.now() < end) {
		if (await check()) return;
		await new Promise((r) => setTimeout(r, 200));
	}
	throw new Error('timed out');
}

describe('report jobs', () => {
	it('schedules snapshots and reminders daily in Asia/Shanghai', async () => {
		const schedules = await boss.getSchedules();
		expect(schedules).toEqual(
			expect.arrayContaining([
				expect.objectContaining({
					name: REPORT_SNAPSHOTS,
					cron: '55 23 * * *',
					options: expect.objectContaining({ tz: 'Asia/Shanghai' })
				}),
				expect.objectContaining({
					name: PROGRAMME_REMINDERS,
					cron: '0 9 * * *',
					options: expect.objectContaining({ tz: 'Asia/Shanghai' })
				})
			])
		);
	});

	it('a queued export, the reminders and the snapshots run on the workers', async () => {
		const county = await addUnitUnder(t.sql, null, '呼图壁县', 'county');
		const prog = await addProgramme(t.sql, { deadline: new Date(Date.now() + 2 * 86_400_000) });
		const people = [
			await addPerson(t.sql, county, { name: '古丽' }),
			await addPerson(t.sql, county, { name: '赵磊' })
		];
		await assign(
			t.sql,
			prog.id,
			people.map((userId) => ({ userId, unitId: county }))
		);
		const id = await createExport(
			t.sql,
			people[0],
			{
				programmeId: prog.id,
				unitId: county,
				includeSub: true,
				filter: 'all',
				q: '',
				locale: 'zh-CN',
				title: 't',
				subtitle: ''
			},
			'名单.xlsx',
			2
		);
		await boss.send(REPORT_EXPORT, { id });
		await until(async () => (await getExport(t.sql, people[0], id))?.status === 'done');
		expect((await stat(exportPath(id))).size).toBeGreaterThan(1000);

		await boss.send(PROGRAMME_REMINDERS, {});
		await until(
			async () =>
				(
					await t.sql`select count(*)::int as n from notifications where kind = 'programme_deadline'`
				)[0].n === 2
		);
		await boss.send(REPORT_SNAPSHOTS, {});
		await until(
			async () =>
				(
					await t.sql`select count(*)::int as n from programme_snapshots where programme_id = ${prog.id}`
				)[0].n > 0
		);
	});
});
