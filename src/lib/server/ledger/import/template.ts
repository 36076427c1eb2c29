// The downloadable template (往年学时导入模板.xlsx): header row, one example
// row of each kind, 工号 and the dates as text, a drop-down for 类别, and a
// second sheet explaining the columns.
import ExcelJS from 'exceljs';
import { ledger as limits } from '../../../api/limits.ts';
import { dataValidations } from '../../xlsx/validations.ts';
import { COLUMNS, TEMPLATE_HEADERS } from './columns.ts';

export const TEMPLATE_FILE_NAME = '往年学时导入模板.xlsx';
export const TEMPLATE_ASCII_NAME = 'archive-import-template.xlsx';

export const KIND_LABELS = ['手工录入', '异地培训', '挂职锻炼'] as const;

const EXAMPLES = [
	['E0001', '2024-06-30', '手工录入', '12', '补录：省委党校专题讲座证书', '', '', '', '', ''],
	[
		'E0001',
		'',
		'异地培训',
		'48',
		'',
		'乡村振兴专题培训班',
		'浙江大学',
		'杭州',
		'2024-04-08',
		'2024-04-15'
	],
	[
		'E0002',
		'',
		'挂职锻炼',
		'120',
		'',
		'驻村第一书记',
		'五工台村',
		'呼图壁县',
		'2023-03-01',
		'2023-08-31'
	]
];
const WIDTHS = [12, 13, 12, 8, 36, 26, 20, 14, 13, 13];

const NOTES: [string, string][] = [
	['工号', '必填。系统中已有的人员工号。'],
	['类别', `必填：${KIND_LABELS.join('、')}（或 manual、out_of_region、secondment）。`],
	[
		'学时',
		`必填，大于 0，最多两位小数；手工录入每条不超过 ${limits.entryHoursMax}，异地培训、挂职锻炼每条不超过 ${limits.recordHoursMax}。`
	],
	[
		'日期',
		`手工录入必填：记入学时的日期，如 2024-06-30；不早于 ${limits.earliestDay}，不晚于今天。`
	],
	['说明', `手工录入必填（事由），最多 ${limits.reason} 个字符；其他类别选填。`],
	['名称', '异地培训、挂职锻炼必填：培训班名称或挂职岗位。'],
	['承办或挂职单位', '异地培训、挂职锻炼必填：承办培训的机构或挂职的单位。'],
	['地点', '选填。'],
	['开始日期 / 结束日期', '异地培训、挂职锻炼必填；学时记在结束日期。'],
	['', '任何一行有错误时整个文件都不会导入；同一文件再次导入不会重复记账（已导入的行会被跳过）。']
];

export async function recordsTemplate(): Promise<Buffer> {
	const wb = new ExcelJS.Workbook();
	wb.creator = '学帆 Xuefan';
	const ws = wb.addWorksheet('往年学时', { views: [{ state: 'frozen', ySplit: 1 }] });
	ws.columns = COLUMNS.map((c, i) => ({ header: TEMPLATE_HEADERS[c], key: c, width: WIDTHS[i] }));
	for (const c of ['employee_no', 'day', 'starts_on', 'ends_on']) ws.getColumn(c).numFmt = '@';
	ws.getRow(1).font = { bold: true };
	for (const row of EXAMPLES) ws.addRow(row);
	dataValidations(ws).add('C2:C10001', {
		type: 'list',
		allowBlank: true,
		formulae: [`"${KIND_LABELS.join(',')}"`],
		showErrorMessage: true,
		errorTitle: '类别',
		error: `请从列表中选择：${KIND_LABELS.join('、')}`
	});
	const help = wb.addWorksheet('说明');
	help.columns = [
		{ header: '列', width: 20 },
		{ header: '说明', width: 100 }
	];
	help.getRow(1).font = { bold: true };
	for (const note of NOTES) help.addRow(note);
	return Buffer.from(await wb.xlsx.writeBuffer());
}
