import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '../../src/lib/server/auth/passwords';
import { createTestSchema, type TestDb } from '../../src/lib/server/db/test-schema';
import { importRoster, type ImportResult } from '../../src/lib/server/org/roster-import';
import { makeUnits, type UnitIds } from '../fixtures/roster-units';

let t: TestDb;
let u: UnitIds;
beforeAll(async () => {
	t = await createTestSchema();
	u = await makeUnits(t.sql);
});
afterAll(() => t.drop());

const HEADER = ['工号', '姓名', '单位', '职级', '职务', '手机'];
const PASSWORD = 'Start-2024';
const fixture = (name: string) =>
	new Uint8Array(readFileSync(new URL(`../fixtures/${name}`, import.meta.url)));
const csv = (rows: string[][], bom = false) =>
	new TextEncoder().encode(
		(bom ? '\uFEFF' : '') + [HEADER, ...rows].map((r) => r.join(',')).join('\r\n') + '\r\n'
	);
async function xlsx(rows: unknown[][]) {
	const wb = new ExcelJS.Workbook();
	const ws = wb.addWorksheet('花名册');
	ws.addRow(HEADER);
	for (const r of rows) ws.addRow(r);
	return new Uint8Array(await wb.xlsx.writeBuffer());
}
const count = async () => (await t.sql<{ n: number }[]>`select count(*) as n from users`)[0].n;
const person = async (no: string) =>
	(
		await t.sql`select employee_no, name, unit_id, rank_level, position, phone, password_hash, must_change_password, roles
		from users where employee_no = ${no}`
	)[0];
const failed = (r: ImportResult) => {
	if (r.ok) throw new Error('expected the import to fail');
	return r;
};
const succeeded = (r: ImportResult) => {
	if (!r.ok) throw new Error(`import failed: ${JSON.stringify(r)}`);
	return r;
};

describe('roster import', () => {
	it('imports an xlsx: new people share one Argon2id hash of the initial password and must change it', async () => {
		const r = succeeded(
			await importRoster(t.sql, {
				bytes: fixture('roster-good.xlsx'),
				fileName: 'roster-good.xlsx',
				initialPassword: PASSWORD
			})
		);
		expect(r).toMatchObject({ rows: 3, inserted: 3, updated: 0, unchanged: 0 });
		const a = await person('E2E0001');
		expect(a).toMatchObject({
			name: '古丽娜尔·艾买提',
			unit_id: u.village,
			rank_level: 'general',
			position: '村党支部书记',
			phone: '13899900001',
			must_change_password: true,
			roles: ['learner']
		});
		expect(a.password_hash).toMatch(/^\$argon2id\$/);
		expect(await verifyPassword(a.password_hash, PASSWORD)).toBe(true);
		expect(await verifyPassword(a.password_hash, 'wrong-password')).toBe(false);
		const hashes =
			await t.sql`select distinct password_hash from users where employee_no like 'E2E%'`;
		expect(hashes).toHaveLength(1);
		expect(await person('E2E0002')).toMatchObject({ unit_id: u.dept, rank_level: 'township' });
		expect(await person('E2E0003')).toMatchObject({
			unit_id: u.township,
			rank_level: 'employee',
			position: '',
			phone: ''
		});
	});

	it('writes nothing when one row is bad, and names its row and column', async () => {
		const before = await count();
		const r = failed(
			await importRoster(t.sql, {
				bytes: fixture('roster-bad.xlsx'),
				fileName: 'roster-bad.xlsx',
				initialPassword: PASSWORD
			})
		);
		expect(r.fileErrors).toEqual([]);
		expect(r.rowErrors).toEqual([
			{
				row: 3,
				column: 'unit',
				code: 'unknown_unit',
				params: { value: '昌吉州/呼图壁县/不存在的单位' }
			}
		]);

		// Good rows around the bad one, including an update of an existing person: none of it lands.
		const bytes = await xlsx([
			['N0001', '新人甲', '昌吉州/呼图壁县', '职工', '', ''],
			['E2E0001', '改了名字', '昌吉州', '职工', '', ''],
			['N0002', '新人乙', '昌吉州/呼图壁县', '职级不对', '', ''],
			['N0003', '新人丙', '昌吉州/呼图壁县', '职工', '', '']
		]);
		const r2 = failed(
			await importRoster(t.sql, { bytes, fileName: 'x.xlsx', initialPassword: PASSWORD })
		);
		expect(r2.rowErrors.map((e) => [e.row, e.column, e.code])).toEqual([
			[4, 'rank_level', 'bad_rank']
		]);
		expect(await count()).toBe(before);
		expect((await person('E2E0001')).name).toBe('古丽娜尔·艾买提');
		expect(await person('N0001')).toBeUndefined();
	});

	it('keeps the zeros of 工号/手机 stored as numbers formatted 000000 (Excel shows 032068)', async () => {
		// As Excel saves a number column formatted "000000": a numeric <v> plus a custom numFmt.
		const wb = new ExcelJS.Workbook();
		const ws = wb.addWorksheet('花名册');
		ws.addRow(HEADER);
		ws.addRow([32068, '零号甲', '昌吉州', '职工', '', 991234567]);
		ws.addRow([7, '零号乙', '昌吉州', '职工', '', '']);
		ws.getCell('A2').numFmt = '000000';
		ws.getCell('A3').numFmt = '000000';
		ws.getCell('F2').numFmt = '00000000000';
		const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
		succeeded(await importRoster(t.sql, { bytes, fileName: 'z.xlsx', initialPassword: PASSWORD }));
		expect(await person('032068')).toMatchObject({ name: '零号甲', phone: '00991234567' });
		expect(await person('000007')).toMatchObject({ name: '零号乙' });
		expect(await person('32068')).toBeUndefined();
	});

	it('refuses an identifier stored as a number in a format it cannot reproduce, naming row and column', async () => {
		const before = await count();
		const wb = new ExcelJS.Workbook();
		const ws = wb.addWorksheet('花名册');
		ws.addRow(HEADER);
		ws.addRow(['S0001', '科学计数', '昌吉州', '职工', '', 13800000000]);
		ws.addRow([110101199001011230, '身份证号', '昌吉州', '职工', '', '']);
		ws.getCell('F2').numFmt = '0.00E+00';
		const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
		const r = failed(
			await importRoster(t.sql, { bytes, fileName: 'z.xlsx', initialPassword: PASSWORD })
		);
		expect(r.rowErrors.map((e) => [e.row, e.column, e.code])).toEqual([
			[2, 'phone', 'number_not_text'],
			[3, 'employee_no', 'number_not_text']
		]);
		expect(await count()).toBe(before);
	});

	it('imports a GBK CSV (as Chinese Excel saves it) with Chinese names intact', async () => {
		const bytes = fixture('roster-gbk.csv');
		expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow(); // really not UTF-8
		expect([...bytes.subarray(0, 4)]).toEqual([0xb9, 0xa4, 0xba, 0xc5]); // 工号 in GBK
		const r = succeeded(
			await importRoster(t.sql, { bytes, fileName: '花名册.csv', initialPassword: PASSWORD })
		);
		expect(r).toMatchObject({ inserted: 3, updated: 0 });
		expect(await person('G0001')).toMatchObject({
			name: '张伟',
			unit_id: u.township,
			rank_level: 'township',
			position: '镇长'
		});
		expect(await person('G0002')).toMatchObject({
			name: '王芳',
			unit_id: u.village,
			rank_level: 'general',
			position: '村委会主任'
		});
		expect(await person('G0003')).toMatchObject({
			name: '李堃喆',
			unit_id: u.dept, // written as "昌吉州 / 呼图壁县 ／ 县委组织部"
			rank_level: 'county',
			position: '部长，兼“党校”校长',
			phone: '0994-5551234'
		});
	});

	it('imports a UTF-8 CSV with BOM, English rank codes accepted', async () => {
		const bytes = csv(
			[['B0001', '阿依古丽', '昌吉州/玛纳斯县', 'county', '副县长', '13900000009']],
			true
		);
		expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
		succeeded(await importRoster(t.sql, { bytes, fileName: 'b.csv', initialPassword: PASSWORD }));
		expect(await person('B0001')).toMatchObject({
			name: '阿依古丽',
			unit_id: u.county2,
			rank_level: 'county'
		});
	});

	it('re-import updates people by employee number, leaving password and roles alone', async () => {
		await t.sql`update users set roles = '{learner,leader}', password_hash = 'kept', must_change_password = false where employee_no = 'E2E0002'`;
		const bytes = csv([
			[
				'E2E0001',
				'古丽娜尔·艾买提',
				'昌吉州/呼图壁县/五工台镇/五工台村',
				'一般干部',
				'村党支部书记',
				'13899900001'
			], // unchanged
			['E2E0002', '马建国', '昌吉州/玛纳斯县', '县处级及以上', '副县长', '13899900022'], // updated
			['E2E0004', '新来的', '昌吉州', '职工', '', ''], // new
			['e2e0003', '张晓燕', '昌吉州/呼图壁县/五工台镇', '职工', '出纳', ''] // E2E0003: sign-in ignores case, so does import
		]);
		const before = await count();
		const r = succeeded(
			await importRoster(t.sql, { bytes, fileName: 'again.csv', initialPassword: 'another-pass' })
		);
		expect(r).toMatchObject({ rows: 4, inserted: 1, updated: 2, unchanged: 1 });
		expect(await count()).toBe(before + 1);
		expect(await person('E2E0003')).toMatchObject({ position: '出纳' });
		expect(await person('e2e0003')).toBeUndefined();
		expect(await person('E2E0002')).toMatchObject({
			name: '马建国',
			unit_id: u.county2,
			rank_level: 'county',
			position: '副县长',
			phone: '13899900022',
			password_hash: 'kept',
			must_change_password: false,
			roles: ['learner', 'leader']
		});
		const fresh = await person('E2E0004');
		expect(await verifyPassword(fresh.password_hash, 'another-pass')).toBe(true);
		expect(fresh.must_change_password).toBe(true);
	});

	it('refuses a duplicate employee number within the file', async () => {
		const before = await count();
		const bytes = csv([
			['D0001', '甲', '昌吉州', '职工', '', ''],
			['D0002', '乙', '昌吉州', '职工', '', ''],
			['D0001', '丙', '昌吉州', '职工', '', '']
		]);
		const r = failed(
			await importRoster(t.sql, { bytes, fileName: 'd.csv', initialPassword: PASSWORD })
		);
		expect(r.rowErrors).toEqual([
			{
				row: 4,
				column: 'employee_no',
				code: 'duplicate_employee_no',
				params: { value: 'D0001', first: 2 }
			}
		]);
		expect(await count()).toBe(before);
	});

	it('refuses an unknown unit path, even a partial one', async () => {
		const before = await count();
		const bytes = csv([
			['U0001', '甲', '呼图壁县/五工台镇', '职工', '', ''],
			['U0002', '乙', '昌吉州/五工台镇', '职工', '', '']
		]);
		const r = failed(
			await importRoster(t.sql, { bytes, fileName: 'u.csv', initialPassword: PASSWORD })
		);
		expect(r.rowErrors.map((e) => [e.row, e.column, e.code])).toEqual([
			[2, 'unit', 'unknown_unit'],
			[3, 'unit', 'unknown_unit']
		]);
		expect(await count()).toBe(before);
	});

	it('needs an initial password only when someone new would be created', async () => {
		const before = await count();
		const fresh = csv([['P0001', '甲', '昌吉州', '职工', '', '']]);
		expect(
			failed(await importRoster(t.sql, { bytes: fresh, fileName: 'p.csv', initialPassword: '' }))
				.fileErrors
		).toEqual([{ code: 'password_required', params: {} }]);
		expect(
			failed(
				await importRoster(t.sql, { bytes: fresh, fileName: 'p.csv', initialPassword: 'short' })
			).fileErrors
		).toEqual([{ code: 'password_too_short', params: { min: 8 } }]);
		expect(await count()).toBe(before);
		const update = csv([['B0001', '阿依古丽', '昌吉州/玛纳斯县', 'county', '县长', '13900000009']]);
		expect(
			succeeded(
				await importRoster(t.sql, { bytes: update, fileName: 'p.csv', initialPassword: '' })
			)
		).toMatchObject({ updated: 1 });
	});

	it('reports file-level problems and writes nothing', async () => {
		const before = await count();
		const r = failed(
			await importRoster(t.sql, {
				bytes: new TextEncoder().encode('姓名,单位\n张,昌吉州\n'),
				fileName: 'h.csv',
				initialPassword: PASSWORD
			})
		);
		expect(r.fileErrors).toEqual([{ code: 'missing_header', params: { columns: '工号, 职级' } }]);
		const r2 = failed(
			await importRoster(t.sql, {
				bytes: new Uint8Array([1, 2, 3]),
				fileName: 'h.xls',
				initialPassword: PASSWORD
			})
		);
		expect(r2.fileErrors.map((e) => e.code)).toEqual(['unsupported_type']);
		expect(await count()).toBe(before);
	});

	it('writes in batches: thousands of rows across batch boundaries, all counted', async () => {
		const rows = Array.from({ length: 4_321 }, (_, i) => [
			`M${String(i).padStart(5, '0')}`,
			`人员${i}`,
			'昌吉州/呼图壁县/五工台镇',
			'一般干部',
			'',
			''
		]);
		const r = succeeded(
			await importRoster(t.sql, { bytes: csv(rows), fileName: 'm.csv', initialPassword: PASSWORD })
		);
		expect(r).toMatchObject({ rows: 4_321, inserted: 4_321, updated: 0 });
		const [{ n }] = await t.sql<
			{ n: number }[]
		>`select count(*) as n from users where employee_no like 'M%'`;
		expect(n).toBe(4_321);
		rows[4_000][1] = '改名';
		const again = succeeded(
			await importRoster(t.sql, { bytes: csv(rows), fileName: 'm.csv', initialPassword: '' })
		);
		expect(again).toMatchObject({ inserted: 0, updated: 1, unchanged: 4_320 });
		expect((await person('M04000')).name).toBe('改名');
	});
});
