// The downloadable roster template (花名册模板.xlsx): header row, one example
// row, column widths, 工号/手机 as text (so Excel keeps leading zeros and long
// numbers), drop-down lists for 职级 and 单位 (the units that exist, from a
// hidden sheet), and a second sheet explaining the columns.
import ExcelJS from 'exceljs';
import { RANK_LEVELS, rankLabel } from '../rank-levels.ts';
import { dataValidations } from '../../xlsx/validations.ts';
import { COLUMNS, FLAG_HEADERS, TEMPLATE_HEADERS } from './columns.ts';

export const TEMPLATE_FILE_NAME = '花名册模板.xlsx';
export const TEMPLATE_ASCII_NAME = 'roster-template.xlsx';
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const EXAMPLE = [
	'E0001',
	'张三',
	'昌吉州/呼图壁县/五工台镇',
	'乡科级',
	'副镇长',
	'13800000000',
	'否'
];
const WIDTHS = [14, 12, 40, 14, 20, 16, 22];

const NOTES: [string, string][] = [
	[
		'工号',
		'必填。登录账号；2–32 个字母、数字、下划线、点或连字符；同一文件内不能重复。已存在的工号会更新该人员（不改变密码和角色）。'
	],
	['姓名', '必填，最多 50 个字符。'],
	[
		'单位',
		'必填。从顶级单位起的完整路径，用“/”分隔，如 昌吉州/呼图壁县/五工台镇（也可用“／”或“>”）。'
	],
	[
		'职级',
		'必填：县处级及以上、乡科级、一般干部、职工（或 county、township、general、employee）。'
	],
	['职务', '选填，最多 100 个字符。'],
	['手机', '选填，数字（可含 +、空格、-、括号）。'],
	[
		'岗位专业性强/难调岗位',
		'选填：是 或 否。调训时优先考虑岗位专业性强、难调岗位的人员；留空或没有这一列时，已有人员保持原来的设置，新人员为“否”。'
	],
	['', '任何一行有错误时整个文件都不会导入；新导入的人员使用导入时填写的初始密码，首次登录须修改。']
];

/** Rows that carry the drop-downs. exceljs expands a validation into one entry per cell when it
 * reads a file back (imports read with it): 2 × 10,000 entries cost ~0.1 s, 2 × 100,000 ~0.9 s. */
export const VALIDATED_ROWS = 10_000;
export const UNIT_LIST_SHEET = '单位列表';

/** `unitPaths`: every unit's full path, offered as the 单位 drop-down. */
export async function rosterTemplate(unitPaths: string[] = []): Promise<Buffer> {
	const wb = new ExcelJS.Workbook();
	wb.creator = '学帆 Xuefan';
	const ws = wb.addWorksheet('花名册', { views: [{ state: 'frozen', ySplit: 1 }] });
	ws.columns = [
		...COLUMNS.map((c, i) => ({ header: TEMPLATE_HEADERS[c], key: c as string, width: WIDTHS[i] })),
		{ header: FLAG_HEADERS.specialised_post, key: 'specialised_post', width: WIDTHS[6] }
	];
	ws.getColumn('employee_no').numFmt = '@';
	ws.getColumn('phone').numFmt = '@';
	ws.getRow(1).font = { bold: true };
	ws.addRow(EXAMPLE);
	const last = VALIDATED_ROWS + 1;
	const ranks = RANK_LEVELS.map((l) => rankLabel(l, 'zh-CN'));
	dataValidations(ws).add(`D2:D${last}`, {
		type: 'list',
		allowBlank: true,
		formulae: [`"${ranks.join(',')}"`],
		showErrorMessage: true,
		errorTitle: '职级',
		error: `请从列表中选择：${ranks.join('、')}`
	});
	dataValidations(ws).add(`G2:G${last}`, {
		type: 'list',
		allowBlank: true,
		formulae: ['"是,否"'],
		showErrorMessage: true,
		errorTitle: FLAG_HEADERS.specialised_post,
		error: '请选择“是”或“否”，或留空。'
	});
	if (unitPaths.length) {
		const list = wb.addWorksheet(UNIT_LIST_SHEET, { state: 'hidden' });
		for (const p of unitPaths) list.addRow([p]);
		dataValidations(ws).add(`C2:C${last}`, {
			type: 'list',
			allowBlank: true,
			formulae: [`'${UNIT_LIST_SHEET}'!$A$1:$A$${unitPaths.length}`],
			showErrorMessage: true,
			errorTitle: '单位',
			error: '请从列表中选择已有单位的完整路径（先在“组织机构”中建好单位）。'
		});
	}
	const help = wb.addWorksheet('说明');
	help.columns = [
		{ header: '列', width: 10 },
		{ header: '说明', width: 100 }
	];
	help.getRow(1).font = { bold: true };
	for (const note of NOTES) help.addRow(note);
	return Buffer.from(await wb.xlsx.writeBuffer());
}
