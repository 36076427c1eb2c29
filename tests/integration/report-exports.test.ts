// The report's xlsx files read back: every table sheet has its header row
// frozen under the title and export time, an autofilter over the table, and
// people and unit rows named by the unit's full path (two 新村 in two townships).
import ExcelJS from 'exceljs';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSchema, type TestDb } from '../../src/lib/server/db/test-schema';
import { unitPathsOf } from '../../src/lib/server/org/unit-paths';
import { bulletin } from '../../src/lib/server/reports/bulletin';
import {
	writeBulletinXlsx,
	writePeopleXlsx,
	writeTreeXlsx
} from '../../src/lib/server/reports/export/xlsx';
import { peopleCursor } from '../../src/lib/server/reports/people';
import { figuredBatches } from '../../src/lib/server/reports/people-figures';
import { subtreeRollup } from '../../src/lib/server/reports/rollup';
import { addPerson, addProgramme, addUnitUnder, assign } from './reports-fixtures';

let t: TestDb;
let county: number;
let programme: { id: number; deadline: Date };
const meta = {
	title: '专题 · 呼图壁县',
	subtitle: '导出时间：2026-12-03 10:00',
	locale: 'zh-CN' as const
};

beforeAll(async () => {
	t = await createTestSchema();
	const pref = await addUnitUnder(t.sql, null, '昌吉州', 'prefecture');
	county = await addUnitUnder(t.sql, pref, '呼图壁县', 'county');
	const a = await addUnitUnder(t.sql, county, '五工台镇');
	const b = await addUnitUnder(t.sql, county, '大丰镇');
	const va = await addUnitUnder(t.sql, a, '新村', 'village');
	const vb = await addUnitUnder(t.sql, b, '新村', 'village');
	programme = await addProgramme(t.sql);
	await assign(t.sql, programme.id, [
		{ userId: await addPerson(t.sql, va, { name: '王芳' }), unitId: va },
		{ userId: await addPerson(t.sql, vb, { name: '李强' }), unitId: vb, status: 'completed' },
		{ userId: await addPerson(t.sql, county, { name: '县领导' }), unitId: county }
	]);
});
afterAll(() => t.drop());

async function written(write: (out: PassThrough) => Promise<unknown>) {
	const out = new PassThrough();
	const chunks: Buffer[] = [];
	out.on('data', (c) => chunks.push(c));
	await write(out);
	const wb = new ExcelJS.Workbook();
	await wb.xlsx.load(Buffer.concat(chunks) as unknown as ArrayBuffer);
	return wb.worksheets[0];
}

function expectTableSheet(ws: ExcelJS.Worksheet, rows: number, lastCol: string) {
	expect(ws.getRow(1).getCell(1).value).toBe(meta.title);
	expect(ws.getRow(2).getCell(1).value).toBe(meta.subtitle);
	expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 });
	expect(ws.autoFilter).toBe(`A3:${lastCol}${3 + rows}`);
	expect(ws.rowCount).toBe(3 + rows);
}

describe('report exports', () => {
	it('people: frozen header, autofilter, the unit’s full path on each row', async () => {
		const ws = await written((out) =>
			writePeopleXlsx(
				out,
				meta,
				figuredBatches(
					t.sql,
					programme.id,
					peopleCursor(t.sql, { programme, unitId: county, includeSub: true, filter: 'all', q: '' })
				)
			)
		);
		expectTableSheet(ws, 3, 'I');
		expect(ws.getRow(3).getCell(3).value).toBe('单位全称（路径）');
		const byName = new Map<string, unknown>();
		for (let r = 4; r <= 6; r++)
			byName.set(String(ws.getRow(r).getCell(2).value), ws.getRow(r).getCell(3).value);
		expect(Object.fromEntries(byName)).toEqual({
			王芳: '昌吉州/呼图壁县/五工台镇/新村',
			李强: '昌吉州/呼图壁县/大丰镇/新村',
			县领导: '昌吉州/呼图壁县'
		});
	});

	it('units (tree): frozen header, autofilter, a path column that tells the two 新村 apart', async () => {
		const units = await subtreeRollup(t.sql, programme, county);
		const paths = await unitPathsOf(
			t.sql,
			units.map((u) => u.unitId)
		);
		const ws = await written((out) =>
			writeTreeXlsx(
				out,
				meta,
				units.map((u) => ({ ...u, path: paths.get(u.unitId)! }))
			)
		);
		expectTableSheet(ws, units.length, 'H');
		const col = (c: number) =>
			Array.from({ length: units.length }, (_, i) => ws.getRow(4 + i).getCell(c).value);
		expect(col(1).filter((v) => v === '新村')).toHaveLength(2);
		expect(col(2)).toEqual(
			expect.arrayContaining(['昌吉州/呼图壁县/五工台镇/新村', '昌吉州/呼图壁县/大丰镇/新村'])
		);
	});

	it('bulletin: frozen header and autofilter too', async () => {
		const b = await bulletin(t.sql, programme.id, [county], 2, null);
		expect(b.rows.length).toBe(2);
		const ws = await written((out) => writeBulletinXlsx(out, meta, b.rows));
		expectTableSheet(ws, 2, 'H');
	});
});
