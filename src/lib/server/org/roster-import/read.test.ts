import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { resolveHeader } from './columns.ts';
import { MAX_FILE_BYTES } from './errors.ts';
import { cellText } from '../../xlsx/read.ts';
import { fileKind, readRoster } from './read.ts';

const utf8 = (s: string) => new TextEncoder().encode(s);

async function xlsx(rows: unknown[][]): Promise<Uint8Array> {
	const wb = new ExcelJS.Workbook();
	const ws = wb.addWorksheet('花名册');
	for (const r of rows) ws.addRow(r);
	return new Uint8Array(await wb.xlsx.writeBuffer());
}

describe('readRoster', () => {
	it('reads a CSV with Chinese headers in any order, extra columns ignored', async () => {
		const r = await readRoster(
			utf8(
				'备注,姓名,工号,单位,职级\r\nx,张伟,A001,昌吉州,职工\r\n\r\ny,"王,芳",A002,昌吉州,乡科级\r\n'
			),
			'a.csv'
		);
		expect(r).toEqual({
			ok: true,
			format: 'csv',
			rows: [
				{ row: 2, values: ['A001', '张伟', '昌吉州', '职工', '', ''] },
				{ row: 4, values: ['A002', '王,芳', '昌吉州', '乡科级', '', ''] }
			]
		});
	});

	it('accepts English headers and tab-separated text', async () => {
		const r = await readRoster(
			utf8(
				'Employee No\tName\tUnit\tRank\tPosition\tPhone\nA001\t张伟\t昌吉州\tcounty\t州长\t138\n'
			),
			'a.csv'
		);
		expect(r.ok && r.rows[0].values).toEqual(['A001', '张伟', '昌吉州', 'county', '州长', '138']);
	});

	it('reads xlsx cells of every kind as text with spreadsheet row numbers', async () => {
		const bytes = await xlsx([
			['工号', '姓名', '单位', '职级', '职务', '手机'],
			[
				10001,
				{ richText: [{ text: '古丽' }, { text: '娜尔' }] },
				'昌吉州',
				'职工',
				{ formula: '"科"&"长"', result: '科长' },
				13800000000
			],
			[],
			['A002', '  张伟  ', '昌吉州', '一般干部', null, '']
		]);
		const r = await readRoster(bytes, '花名册.XLSX');
		expect(r).toEqual({
			ok: true,
			format: 'xlsx',
			rows: [
				{ row: 2, values: ['10001', '古丽娜尔', '昌吉州', '职工', '科长', '13800000000'] },
				{ row: 4, values: ['A002', '张伟', '昌吉州', '一般干部', '', ''] }
			]
		});
	});

	it('reports file-level problems', async () => {
		const code = async (bytes: Uint8Array, name: string) => {
			const r = await readRoster(bytes, name);
			return r.ok ? null : r.errors.map((e) => e.code);
		};
		expect(await code(new Uint8Array(), 'a.csv')).toEqual(['empty_file']);
		expect(await code(utf8('工号,姓名,单位,职级\n'), 'a.csv')).toEqual(['empty_file']);
		expect(await code(utf8('\n\n'), 'a.csv')).toEqual(['empty_file']);
		expect(await code(utf8('工号,姓名\nA1,张\n'), 'a.csv')).toEqual(['missing_header']);
		expect(await code(utf8('x'), 'a.xls')).toEqual(['unsupported_type']);
		expect(await code(utf8('x'), 'a.xlsx')).toEqual(['unsupported_type']); // not a zip
		expect(await code(Uint8Array.from([0x50, 0x4b, 3, 4, 1, 2, 3]), 'a.xlsx')).toEqual([
			'unreadable'
		]);
		expect(await code(utf8('工号,姓名\n"A1,张\n'), 'a.csv')).toEqual(['unreadable']);
		expect(await code(new Uint8Array(MAX_FILE_BYTES + 1), 'a.csv')).toEqual(['file_too_large']);
		const many = '工号,姓名,单位,职级\n' + 'A1,张,昌吉州,职工\n'.repeat(100_001);
		const r = await readRoster(utf8(many), 'a.csv');
		expect(r.ok ? null : r.errors).toEqual([
			{ code: 'too_many_rows', params: { max: 100_000, rows: 100_001 } }
		]);
	});

	it('names the missing required headers', async () => {
		expect(resolveHeader(['工号', '姓名'])).toEqual({ ok: false, missing: ['unit', 'rank_level'] });
		expect(resolveHeader(['工号*', '姓 名', '单位（完整路径）', 'RANK_LEVEL'])).toMatchObject({
			ok: true
		});
		expect(resolveHeader(['constructor', 'toString', '工号', '姓名', '单位'])).toEqual({
			ok: false,
			missing: ['rank_level']
		});
	});
});

describe('fileKind and cellText', () => {
	it('decides by extension and zip magic', () => {
		const zip = Uint8Array.from([0x50, 0x4b, 3, 4]);
		expect(fileKind('a.xlsx', zip)).toBe('xlsx');
		expect(fileKind('a.csv', utf8('a,b'))).toBe('csv');
		expect(fileKind('a.csv', zip)).toBeNull();
		expect(fileKind('a.pdf', zip)).toBeNull();
	});

	it('turns exceljs values into text', () => {
		expect(cellText(13800000000)).toBe('13800000000');
		expect(cellText(1.5)).toBe('1.5');
		expect(cellText(new Date('2024-03-01T00:00:00Z'))).toBe('2024-03-01');
		expect(cellText({ text: '链接', hyperlink: 'http://x' })).toBe('链接');
		expect(cellText({ formula: 'A1', result: undefined })).toBe('');
		expect(cellText({ error: '#N/A' })).toBe('');
		expect(cellText(null)).toBe('');
	});
});
