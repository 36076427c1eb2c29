import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { dataValidations } from '../../xlsx/validations.ts';
import { readRoster } from './read.ts';
import { rosterTemplate, UNIT_LIST_SHEET, VALIDATED_ROWS } from './template.ts';
import { validateRows } from './validate.ts';

describe('roster template', () => {
	it('is an xlsx whose header and example row import as they stand', async () => {
		const bytes = new Uint8Array(await rosterTemplate());
		const r = await readRoster(bytes, '花名册模板.xlsx');
		if (!r.ok) throw new Error(JSON.stringify(r.errors));
		expect(r.rows).toEqual([
			{
				row: 2,
				values: ['E0001', '张三', '昌吉州/呼图壁县/五工台镇', '乡科级', '副镇长', '13800000000'],
				specialised: '否'
			}
		]);
		const units = new Map([['昌吉州/呼图壁县/五工台镇', 7]]);
		expect(validateRows(r.rows, units).errors).toEqual([]);
	});

	it('has column widths, text-formatted 工号/手机 and an explanation sheet', async () => {
		const wb = new ExcelJS.Workbook();
		await wb.xlsx.load((await rosterTemplate()) as unknown as ArrayBuffer);
		const [sheet, help] = wb.worksheets;
		expect(sheet.getRow(1).values).toEqual([
			undefined,
			'工号',
			'姓名',
			'单位',
			'职级',
			'职务',
			'手机',
			'岗位专业性强/难调岗位'
		]);
		expect(sheet.getColumn(3).width).toBeGreaterThanOrEqual(30);
		expect(sheet.getColumn(1).numFmt).toBe('@');
		expect(sheet.getColumn(6).numFmt).toBe('@');
		expect(help.name).toBe('说明');
	});

	it('has drop-down lists for 职级 and for 单位 (the units that exist, from a hidden sheet)', async () => {
		const wb = new ExcelJS.Workbook();
		const paths = ['昌吉州', '昌吉州/呼图壁县', '昌吉州/呼图壁县/五工台镇'];
		await wb.xlsx.load((await rosterTemplate(paths)) as unknown as ArrayBuffer);
		const sheet = wb.worksheets[0];
		// exceljs reads a validated range back cell by cell.
		const rank = dataValidations(sheet).find('D2');
		expect(rank).toMatchObject({ type: 'list', formulae: ['"县处级及以上,乡科级,一般干部,职工"'] });
		expect(dataValidations(sheet).find(`D${VALIDATED_ROWS + 1}`)).toEqual(rank);
		expect(dataValidations(sheet).find('G2')).toMatchObject({
			type: 'list',
			formulae: ['"是,否"']
		});
		expect(dataValidations(sheet).find('C500')).toMatchObject({
			type: 'list',
			formulae: [`'${UNIT_LIST_SHEET}'!$A$1:$A$3`]
		});
		const list = wb.getWorksheet(UNIT_LIST_SHEET)!;
		expect(list.state).toBe('hidden');
		expect(list.getColumn(1).values.slice(1)).toEqual(paths);
		// The reader takes the first sheet only: the list sheet never becomes roster rows.
		const r = await readRoster(new Uint8Array(await rosterTemplate(paths)), 't.xlsx');
		expect(r.ok && r.rows.length).toBe(1);
	});
});
