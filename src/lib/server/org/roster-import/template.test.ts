import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { readRoster } from './read.ts';
import { rosterTemplate } from './template.ts';
import { validateRows } from './validate.ts';

describe('roster template', () => {
	it('is an xlsx whose header and example row import as they stand', async () => {
		const bytes = new Uint8Array(await rosterTemplate());
		const r = await readRoster(bytes, '花名册模板.xlsx');
		if (!r.ok) throw new Error(JSON.stringify(r.errors));
		expect(r.rows).toEqual([
			{
				row: 2,
				values: ['E0001', '张三', '昌吉州/呼图壁县/五工台镇', '乡科级', '副镇长', '13800000000']
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
			'手机'
		]);
		expect(sheet.getColumn(3).width).toBeGreaterThanOrEqual(30);
		expect(sheet.getColumn(1).numFmt).toBe('@');
		expect(sheet.getColumn(6).numFmt).toBe('@');
		expect(help.name).toBe('说明');
	});
});
