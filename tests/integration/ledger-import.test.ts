// The import of past records through its real route: all or nothing with
// every problem's row and column, a second import of the same file writing
// nothing new, and only administrators let in.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import type { SessionUser } from '../../src/lib/server/auth/types';
import { dayOf } from '../../src/lib/server/clock';
import { createTestSchema, type TestDb } from '../../src/lib/server/db/test-schema';
import * as page from '../../src/routes/(admin)/admin/archive-import/+page.server';
import * as template from '../../src/routes/(admin)/admin/archive-import/template/+server';
import { makeUnits } from '../fixtures/roster-units';
import { formEvent, recordsXlsx } from './ledger-fixtures';
import { addUser } from './progress-fixtures';
import { event, settle, useTestDatabase } from './quiz-fixtures';
import './setup-domains';

let t: TestDb;
let admin: SessionUser, leader: SessionUser, learner: SessionUser;
let a: SessionUser, b: SessionUser;
const counts = async () =>
	(
		await t.sql`select (select count(*)::int from credit_ledger) as ledger, (select count(*)::int from training_records) as records`
	)[0];
const upload = (who: SessionUser, bytes: Uint8Array, name = '往年学时.xlsx') =>
	settle(() =>
		page.actions.default(formEvent(who, '/admin/archive-import', {}, {}, { file: { name, bytes } }))
	);
type Failure = {
	data: { rowErrors: { row: number; column: string; message: string }[]; fileErrors: string[] };
};

beforeAll(async () => {
	t = await createTestSchema();
	await useTestDatabase(t.sql);
	const u = await makeUnits(t.sql);
	admin = await addUser(t.sql, u.prefecture, ['admin']);
	leader = { ...(await addUser(t.sql, u.county, ['leader'])), scopeUnitIds: [u.county] };
	learner = await addUser(t.sql, u.township, ['learner']);
	a = await addUser(t.sql, u.village);
	b = await addUser(t.sql, u.township);
});
afterAll(() => t.drop());

const goodRows = () => [
	[
		a.employeeNo,
		new Date(Date.UTC(2023, 5, 30)),
		'手工录入',
		12,
		'补录：党校专题讲座证书',
		'',
		'',
		'',
		'',
		''
	],
	[
		a.employeeNo,
		'',
		'异地培训',
		48,
		'',
		'乡村振兴专题培训班',
		'浙江大学',
		'杭州',
		'2023-04-08',
		'2023-04-15'
	],
	[
		b.employeeNo.toLowerCase(),
		'',
		'挂职锻炼',
		120.5,
		'',
		'驻村第一书记',
		'五工台村',
		'',
		'2022/3/1',
		'2022年8月31日'
	]
];

describe('import of past records', () => {
	it('refuses a file with any bad row, naming each row and column, and writes nothing', async () => {
		const before = await counts();
		const file = await recordsXlsx([
			...goodRows(),
			['NOBODY', '2023-01-01', '手工录入', 5, '无此人', '', '', '', '', ''],
			[a.employeeNo, '2999-01-01', '手工录入', -2, '', '', '', '', '', ''],
			[a.employeeNo, '', '培训', 3, 'x', '', '', '', '', ''],
			[b.employeeNo, '', '异地培训', 650, '', '', '某机构', '', '2023-05-02', '2023-05-01'],
			[a.employeeNo, '2023-06-30', '手工录入', 12, '补录：党校专题讲座证书', '', '', '', '', '']
		]);
		const r = await upload(admin, file);
		expect(r.value).toMatchObject({ status: 400 });
		const errors = (r.value as Failure).data.rowErrors.map(
			(e) => `${e.row}|${e.column}|${e.message}`
		);
		expect(errors).toEqual([
			'5|工号|找不到人员“NOBODY”。',
			'6|学时|“学时”须大于 0。',
			'6|说明|“说明”必须填写。',
			`6|日期|“日期”不能晚于今天（${dayOf(new Date())}）。`,
			'7|类别|类别“培训”无效：请填手工录入、异地培训或挂职锻炼。',
			'8|学时|“学时”每条不能超过 600。',
			'8|名称|“名称”必须填写。',
			'8|结束日期|结束日期不能早于开始日期。',
			'9|工号|与第 2 行是同一条记录。'
		]);
		expect(await counts()).toEqual(before);
	});

	it('imports a good file in one go, and the same file again adds nothing', async () => {
		const before = await counts();
		const file = await recordsXlsx(goodRows());
		const r = await upload(admin, file);
		expect(r.value).toMatchObject({ summary: { rows: 3, added: 3, skipped: 0 } });
		const after = await counts();
		expect(after).toEqual({ ledger: before.ledger + 3, records: before.records + 2 });
		const rows = await t.sql`
			select l.source, l.hours::float8 as hours, l.entered_by, l.rule_version_id = credit_version_at(l.earned_at) as versioned,
				to_char(l.earned_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD') as day, r.title
			from credit_ledger l left join training_records r on r.ledger_entry_id = l.id
			where l.source_id like 'import:%' order by l.earned_at`;
		expect(rows).toEqual([
			{
				source: 'secondment',
				hours: 120.5,
				entered_by: admin.id,
				versioned: true,
				day: '2022-08-31',
				title: '驻村第一书记'
			},
			{
				source: 'out_of_region',
				hours: 48,
				entered_by: admin.id,
				versioned: true,
				day: '2023-04-15',
				title: '乡村振兴专题培训班'
			},
			{
				source: 'manual',
				hours: 12,
				entered_by: admin.id,
				versioned: true,
				day: '2023-06-30',
				title: null
			}
		]);

		const again = await upload(admin, file);
		expect(again.value).toMatchObject({ summary: { rows: 3, added: 0, skipped: 3 } });
		const logged = await t.sql`
			select detail from audit_log where action = 'ledger.import' order by id`;
		expect(logged.map((l) => l.detail.added)).toEqual([3, 0]);
		expect(await counts()).toEqual(after);
		// the file rebuilt with the rows in another order is still the same records
		const shuffled = await upload(admin, await recordsXlsx(goodRows().reverse()));
		expect(shuffled.value).toMatchObject({ summary: { added: 0, skipped: 3 } });
		expect(await counts()).toEqual(after);
	});

	it('file problems: not an xlsx, a missing column', async () => {
		const notXlsx = await upload(admin, new TextEncoder().encode('工号,类别,学时\n'), 'x.xlsx');
		expect((notXlsx.value as Failure).data.fileErrors.join()).toMatch(/\.xlsx|格式|文件/);
		const noHours = await upload(admin, await recordsXlsx([['A1', '手工录入']], ['工号', '类别']));
		expect((noHours.value as Failure).data.fileErrors.join()).toContain('学时');
	});

	it('the template has the columns the import reads', async () => {
		const res = await template.GET(event(admin, '/admin/archive-import/template', {}));
		const wb = new ExcelJS.Workbook();
		await wb.xlsx.load(await res.arrayBuffer());
		const header = (wb.worksheets[0].getRow(1).values as string[]).slice(1);
		expect(header.slice(0, 5)).toEqual(['工号', '日期', '类别', '学时', '说明']);
	});

	it('a unit leader and a learner are refused (403) and nothing is written', async () => {
		const before = await counts();
		const file = await recordsXlsx([
			[a.employeeNo, '2021-01-05', '手工录入', 2, '越权导入', '', '', '', '', '']
		]);
		for (const who of [leader, learner]) {
			expect((await upload(who, file)).status).toBe(403);
			expect((await settle(() => page.load(event(who, '/admin/archive-import', {})))).status).toBe(
				403
			);
			expect(
				(await settle(() => template.GET(event(who, '/admin/archive-import/template', {})))).status
			).toBe(403);
		}
		expect(await counts()).toEqual(before);
	});
});
