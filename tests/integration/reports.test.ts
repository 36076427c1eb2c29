import ExcelJS from 'exceljs';
import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '../../src/lib/server/auth/types';
import { createTestSchema, type TestDb } from '../../src/lib/server/db/test-schema';
import { listNotifications } from '../../src/lib/server/notifications';
import { updatePerson } from '../../src/lib/server/org/people';
import { onCourseCompleted, publishProgramme } from '../../src/lib/server/programmes';
import { bulletin } from '../../src/lib/server/reports/bulletin';
import {
	createExport,
	exportPath,
	getExport,
	removeExpiredExports,
	runExport
} from '../../src/lib/server/reports/export/jobs';
import { writePeopleXlsx } from '../../src/lib/server/reports/export/xlsx';
import { peopleCursor, peoplePage } from '../../src/lib/server/reports/people';
import { figuredBatches } from '../../src/lib/server/reports/people-figures';
import { sendReminders, thresholdFor } from '../../src/lib/server/reports/reminders';
import { subtreeRollup, unitReport } from '../../src/lib/server/reports/rollup';
import { requireReportProgramme, requireReportUnit } from '../../src/lib/server/reports/scope';
import {
	backfillSnapshots,
	completionSeries,
	takeSnapshots
} from '../../src/lib/server/reports/snapshots';
import { addPerson, addProgramme, addUnitUnder, assign } from './reports-fixtures';

let t: TestDb;
let county: number, townA: number, townB: number, village: number, otherCounty: number;
const DAY = 86_400_000;

beforeAll(async () => {
	process.env.XUEFAN_EXPORT_DIR = await mkdtemp(path.join(tmpdir(), 'xuefan-exports-'));
	t = await createTestSchema();
	const pref = await addUnitUnder(t.sql, null, '昌吉州', 'prefecture');
	county = await addUnitUnder(t.sql, pref, '呼图壁县', 'county');
	townA = await addUnitUnder(t.sql, county, '五工台镇');
	townB = await addUnitUnder(t.sql, county, '大丰镇');
	village = await addUnitUnder(t.sql, townA, '五工台村', 'village');
	otherCounty = await addUnitUnder(t.sql, pref, '玛纳斯县', 'county');
});
afterAll(() => t.drop());

const leader = (scope: number[]): SessionUser => ({
	id: 0,
	employeeNo: 'x',
	name: 'x',
	unitId: scope[0],
	roles: ['leader'],
	scopeUnitIds: scope,
	locale: null,
	mustChangePassword: false
});
const status = async (p: Promise<unknown>) =>
	p.then(
		() => 200,
		(e: { status?: number }) => e.status ?? 500
	);

describe('rollup follows people', () => {
	it('moving a person to another unit (updatePerson → syncPeople) moves their contribution', async () => {
		const a = await addPerson(t.sql, village, { name: '王芳' });
		const b = await addPerson(t.sql, townB, { name: '李强' });
		const [admin] =
			await t.sql`insert into users (employee_no, name, unit_id, rank_level, roles, must_change_password)
			values ('ADM1', '管理员', ${county}, 'county', '{admin}', false) returning id`;
		const [c] =
			await t.sql`insert into courses (title, category, status) values ('课程', 'theory', 'published') returning id`;
		const [p] = await t.sql<{ id: number; deadline: Date }[]>`
			insert into programmes (title, starts_at, deadline) values ('专题', now() - interval '1 day', now() + interval '20 days') returning id, deadline`;
		await t.sql`insert into programme_courses (programme_id, course_id, required) values (${p.id}, ${c.id}, true)`;
		await t.sql`insert into programme_units (programme_id, unit_id) values (${p.id}, ${county})`;
		const adminUser: SessionUser = {
			id: admin.id,
			employeeNo: 'ADM1',
			name: '管理员',
			unitId: county,
			roles: ['admin'],
			scopeUnitIds: [],
			locale: null,
			mustChangePassword: false
		};
		const pub = await publishProgramme(t.sql, p.id, adminUser);
		expect(pub && pub.ok).toBe(true);
		// a completes the programme's one required course (the real path: completion → onCourseCompleted)
		await t.sql`insert into course_completions (user_id, course_id, completed_at) values (${a}, ${c.id}, now())`;
		await onCourseCompleted(t.sql, a, c.id, new Date());
		const byUnit = async () =>
			Object.fromEntries((await subtreeRollup(t.sql, p, county)).map((r) => [r.unitId, r]));
		let r = await byUnit();
		expect(r[village].completed).toBe(1);
		const before = {
			a: r[townA].completed,
			b: r[townB].completed,
			bAssigned: r[townB].assigned,
			total: r[county].assigned
		};

		const res = await updatePerson(t.sql, a, {
			name: '王芳',
			unitId: townB,
			rankLevel: 'general',
			position: '',
			phone: '',
			roles: ['learner']
		});
		expect(res).toEqual({ ok: true });
		r = await byUnit();
		expect(r[village]).toBeUndefined();
		expect(r[townA]?.completed ?? 0).toBe(before.a - 1);
		expect(r[townB].completed).toBe(before.b + 1);
		expect(r[townB].assigned).toBe(before.bAssigned + 1);
		expect(r[county].assigned).toBe(before.total);

		// leaving the audience: moved outside the county, the contribution leaves the county
		await updatePerson(t.sql, b, {
			name: '李强',
			unitId: otherCounty,
			rankLevel: 'general',
			position: '',
			phone: '',
			roles: ['learner']
		});
		r = await byUnit();
		expect(r[county].assigned).toBe(before.total - 1);
		const [gone] =
			await t.sql`select removed_at from programme_assignments where programme_id = ${p.id} and user_id = ${b}`;
		expect(gone.removed_at).not.toBeNull();
	});
});

describe('report views', () => {
	it('child rows, the unit’s own staff and the total add up; overdue after the deadline', async () => {
		const prog = await addProgramme(t.sql, { deadline: new Date(Date.now() + 5 * DAY) });
		const rows = [
			{ userId: await addPerson(t.sql, county), unitId: county, status: 'completed' },
			{ userId: await addPerson(t.sql, townA), unitId: townA, status: 'in_progress' },
			{ userId: await addPerson(t.sql, village), unitId: village, status: 'not_started' },
			{ userId: await addPerson(t.sql, townB), unitId: townB, status: 'completed' }
		];
		await assign(t.sql, prog.id, rows);
		const rep = await unitReport(t.sql, prog, { unitId: county });
		expect(rep.rows.map((r) => [r.unitId, r.assigned, r.completed])).toEqual(
			expect.arrayContaining([
				[townA, 2, 0],
				[townB, 1, 1]
			])
		);
		expect(rep.direct).toMatchObject({ assigned: 1, completed: 1 });
		expect(rep.total).toMatchObject({
			assigned: 4,
			completed: 2,
			inProgress: 1,
			notStarted: 1,
			overdue: 0,
			rate: 0.5
		});
		const late = await unitReport(t.sql, prog, { unitId: county }, new Date(Date.now() + 6 * DAY));
		expect(late.total.overdue).toBe(2);

		const page = await peoplePage(t.sql, {
			programme: prog,
			unitId: townA,
			includeSub: true,
			filter: 'all',
			q: ''
		});
		expect(page.total).toBe(2);
		expect(
			(
				await peoplePage(t.sql, {
					programme: prog,
					unitId: townA,
					includeSub: false,
					filter: 'all',
					q: ''
				})
			).total
		).toBe(1);
		expect(
			(
				await peoplePage(t.sql, {
					programme: prog,
					unitId: county,
					includeSub: true,
					filter: 'completed',
					q: ''
				})
			).total
		).toBe(2);
		expect(
			(
				await peoplePage(t.sql, {
					programme: prog,
					unitId: county,
					includeSub: true,
					filter: 'overdue',
					q: ''
				})
			).total
		).toBe(0);
		expect(
			(
				await peoplePage(t.sql, {
					programme: prog,
					unitId: county,
					includeSub: true,
					filter: 'overdue',
					q: '',
					at: new Date(Date.now() + 6 * DAY)
				})
			).rows.every((r) => r.overdue)
		).toBe(true);

		const b = await bulletin(t.sql, prog.id, [county], 1, null);
		expect(b.rows.map((r) => [r.name, r.rank, r.rate])).toEqual([
			['大丰镇', 1, 1],
			['五工台镇', 2, 0]
		]);
		const b2 = await bulletin(t.sql, prog.id, [county], 2, null);
		expect(b2.rows).toEqual([
			expect.objectContaining({ name: '五工台村', path: '五工台镇', rate: 0 })
		]);
	});

	it('snapshots: backfilled from timestamps, written daily, shown in the series and a past bulletin', async () => {
		const prog = await addProgramme(t.sql, { startsAt: new Date(Date.now() - 3 * DAY) });
		const u1 = await addPerson(t.sql, townA);
		const u2 = await addPerson(t.sql, townB);
		await assign(t.sql, prog.id, [
			{ userId: u1, unitId: townA },
			{ userId: u2, unitId: townB }
		]);
		await t.sql`update programme_assignments set assigned_at = now() - interval '3 days' where programme_id = ${prog.id}`;
		await t.sql`update programme_assignments set status = 'completed', started_at = now() - interval '2 days', completed_at = now() - interval '2 days' where user_id = ${u1} and programme_id = ${prog.id}`;
		const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(
			new Date()
		);
		expect(await backfillSnapshots(t.sql, prog.id, today)).toBeGreaterThan(0);
		expect(await backfillSnapshots(t.sql, prog.id, today)).toBe(0); // idempotent
		expect(await takeSnapshots(t.sql, today)).toBeGreaterThan(0);
		const series = await completionSeries(t.sql, prog.id, county);
		expect(series.length).toBeGreaterThanOrEqual(3);
		expect(series[0].completed).toBe(0);
		expect(series.at(-1)).toMatchObject({ day: today, assigned: 2, completed: 1, rate: 0.5 });
		const yesterday = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(
			new Date(Date.now() - DAY)
		);
		const past = await bulletin(t.sql, prog.id, [county], 1, yesterday);
		expect(past.live).toBe(false);
		expect(past.rows.map((r) => [r.name, r.completed])).toEqual([
			['五工台镇', 1],
			['大丰镇', 0]
		]);
		expect((await bulletin(t.sql, prog.id, [county], 1, '2001-01-01')).available).toBe(false);
	});
});

describe('scope', () => {
	it('a leader gets 404 for a unit or a programme outside their subtree', async () => {
		const prog = await addProgramme(t.sql);
		await assign(t.sql, prog.id, [{ userId: await addPerson(t.sql, village), unitId: village }]);
		const countyLeader = leader([county]);
		const otherLeader = leader([otherCounty]);
		expect(await status(requireReportUnit(t.sql, countyLeader, village))).toBe(200);
		expect(await status(requireReportUnit(t.sql, otherLeader, village))).toBe(404);
		expect(await status(requireReportUnit(t.sql, otherLeader, county))).toBe(404);
		expect(await status(requireReportUnit(t.sql, countyLeader, 99_999_999))).toBe(404);
		expect(await status(requireReportProgramme(t.sql, countyLeader, prog.id))).toBe(200);
		// nobody assigned in 玛纳斯县: the programme does not exist for its leader
		expect(await status(requireReportProgramme(t.sql, otherLeader, prog.id))).toBe(404);
		const draft = await addProgramme(t.sql, { status: 'draft' });
		expect(await status(requireReportProgramme(t.sql, countyLeader, draft.id))).toBe(404);
	});
});

describe('exports', () => {
	it('a people export job writes an xlsx with Chinese names; only the requester sees it', async () => {
		const prog = await addProgramme(t.sql, { title: '学习二十大精神' });
		const ids = [
			await addPerson(t.sql, village, { name: '阿依古丽' }),
			await addPerson(t.sql, village, { name: '张伟' })
		];
		await assign(
			t.sql,
			prog.id,
			ids.map((userId) => ({ userId, unitId: village, status: 'in_progress' }))
		);
		const owner = await addPerson(t.sql, county, { roles: ['leader'] });
		const other = await addPerson(t.sql, county, { roles: ['leader'] });
		const id = await createExport(
			t.sql,
			owner,
			{
				programmeId: prog.id,
				unitId: county,
				includeSub: true,
				filter: 'all',
				q: '',
				locale: 'zh-CN',
				title: '学习二十大精神 · 呼图壁县',
				subtitle: ''
			},
			'学习二十大精神-人员名单.xlsx',
			2
		);
		await runExport(t.sql, id);
		expect(await getExport(t.sql, other, id)).toBeNull();
		const row = await getExport(t.sql, owner, id);
		expect(row).toMatchObject({ status: 'done', rowsDone: 2, rowsTotal: 2 });
		const wb = new ExcelJS.Workbook();
		await wb.xlsx.load((await readFile(exportPath(id))) as unknown as ArrayBuffer);
		const ws = wb.worksheets[0];
		expect(ws.getRow(3).getCell(2).value).toBe('姓名');
		const names = [ws.getRow(4).getCell(2).value, ws.getRow(5).getCell(2).value];
		expect(names.sort()).toEqual(['张伟', '阿依古丽'].sort());
		expect(ws.getRow(4).getCell(3).value).toBe('昌吉州/呼图壁县/五工台镇/五工台村');

		// expired: the row and the file go
		await t.sql`update report_exports set expires_at = now() - interval '1 second' where id = ${id}`;
		expect(await getExport(t.sql, owner, id)).toBeNull();
		expect(await removeExpiredExports(t.sql)).toBe(1);
		await expect(stat(exportPath(id))).rejects.toThrow();
	});

	it('the streaming writer writes every row of the cursor', async () => {
		const prog = await addProgramme(t.sql);
		const rows = [];
		for (let i = 0; i < 30; i++)
			rows.push({ userId: await addPerson(t.sql, townB, { name: `测试${i}` }), unitId: townB });
		await assign(t.sql, prog.id, rows);
		const out = new PassThrough();
		const chunks: Buffer[] = [];
		out.on('data', (c) => chunks.push(c));
		const n = await writePeopleXlsx(
			out,
			{ title: 't', subtitle: 's', locale: 'en' },
			figuredBatches(
				t.sql,
				prog.id,
				peopleCursor(
					t.sql,
					{ programme: prog, unitId: townB, includeSub: false, filter: 'all', q: '' },
					7
				)
			)
		);
		expect(n).toBe(30);
		const wb = new ExcelJS.Workbook();
		await wb.xlsx.load(Buffer.concat(chunks) as unknown as ArrayBuffer);
		expect(wb.worksheets[0].getRow(3).getCell(2).value).toBe('Name');
		expect(wb.worksheets[0].rowCount).toBe(33);
	});
});

describe('reminders', () => {
	it('picks assignees not completed near the deadline and their leaders, once per threshold', async () => {
		await t.sql`update programmes set status = 'archived' where status = 'published'`;
		const now = new Date();
		const prog = await addProgramme(t.sql, {
			title: '冲刺',
			deadline: new Date(now.getTime() + 2.5 * DAY)
		});
		const far = await addProgramme(t.sql, {
			title: '还早',
			deadline: new Date(now.getTime() + 30 * DAY)
		});
		const notStarted = await addPerson(t.sql, village);
		const behind = await addPerson(t.sql, townA);
		const done = await addPerson(t.sql, townB);
		const removed = await addPerson(t.sql, townB);
		await assign(t.sql, prog.id, [
			{ userId: notStarted, unitId: village, status: 'not_started' },
			{ userId: behind, unitId: townA, status: 'in_progress' },
			{ userId: done, unitId: townB, status: 'completed' },
			{ userId: removed, unitId: townB, status: 'not_started' }
		]);
		await t.sql`update programme_assignments set removed_at = now() where user_id = ${removed}`;
		await assign(t.sql, far.id, [{ userId: done, unitId: townB }]);
		const boss = await addPerson(t.sql, county, { roles: ['leader'] });
		await t.sql`insert into leader_scopes (user_id, unit_id) values (${boss}, ${county}), (${boss}, ${townA})`;
		const otherBoss = await addPerson(t.sql, otherCounty, { roles: ['leader'] });
		await t.sql`insert into leader_scopes (user_id, unit_id) values (${otherBoss}, ${otherCounty})`;

		expect(thresholdFor(prog.deadline, now)).toEqual({ threshold: 3, days: 3 });
		const first = await sendReminders(t.sql, now);
		expect(first).toEqual({ programmes: 1, learners: 2, leaders: 1 });
		const kinds = async (u: number) =>
			(await listNotifications(t.sql, u)).rows.map((r) => [r.kind, r.params]);
		expect(await kinds(notStarted)).toEqual([
			[
				'programme_deadline',
				expect.objectContaining({ title: '冲刺', days: 3, status: 'not_started' })
			]
		]);
		expect(await kinds(behind)).toEqual([
			['programme_deadline', expect.objectContaining({ status: 'in_progress' })]
		]);
		expect(await kinds(done)).toEqual([]);
		expect(await kinds(removed)).toEqual([]);
		// nested scope roots count each person once
		expect(await kinds(boss)).toEqual([
			['programme_leader_summary', expect.objectContaining({ notStarted: 1, inProgress: 1 })]
		]);
		expect(await kinds(otherBoss)).toEqual([]);

		// a rerun sends nothing; the next threshold sends again
		expect(await sendReminders(t.sql, new Date(now.getTime() + 3600_000))).toEqual({
			programmes: 1,
			learners: 0,
			leaders: 0
		});
		const later = await sendReminders(t.sql, new Date(now.getTime() + 1.6 * DAY));
		expect(later).toEqual({ programmes: 1, learners: 2, leaders: 1 });
		expect((await listNotifications(t.sql, notStarted)).rows[0].params).toMatchObject({ days: 1 });
		// past the deadline: nothing
		expect(await sendReminders(t.sql, new Date(now.getTime() + 3 * DAY))).toEqual({
			programmes: 0,
			learners: 0,
			leaders: 0
		});
	});
});
