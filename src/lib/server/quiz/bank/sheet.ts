// Writes the bank template (题库模板.xlsx) and the bank export in the same
// layout, so an exported bank can be edited in Excel and imported again.
import ExcelJS from 'exceljs';
import { COLUMNS, HEADERS } from './columns.ts';
import { letter } from './input.ts';
import { KIND_LABELS } from './rows.ts';
import { MAX_OPTIONS, type BankQuestion, type QuestionInput } from './types.ts';

export const TEMPLATE_FILE_NAME = '题库模板.xlsx';
export const TEMPLATE_ASCII_NAME = 'question-bank-template.xlsx';
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const WIDTHS: Record<string, number> = {
	kind: 10,
	stem: 50,
	answer: 8,
	explanation: 40,
	difficulty: 8,
	tags: 20
};

type Sheetable = Pick<
	BankQuestion | QuestionInput,
	'kind' | 'stem' | 'options' | 'answer' | 'explanation' | 'difficulty' | 'tags'
>;

/** One question as a sheet row in COLUMNS order. True/false: no options, answer 正确/错误. */
export function toSheetRow(q: Sheetable): string[] {
	const tf = q.kind === 'truefalse';
	const options = Array.from({ length: MAX_OPTIONS }, (_, i) => (tf ? '' : (q.options[i] ?? '')));
	const answer = tf ? (q.answer[0] === 0 ? '正确' : '错误') : q.answer.map(letter).join('');
	return [
		KIND_LABELS[q.kind],
		q.stem,
		...options,
		answer,
		q.explanation,
		String(q.difficulty),
		q.tags.join('，')
	];
}

const EXAMPLES: Sheetable[] = [
	{
		kind: 'single',
		stem: '中国共产党的根本宗旨是什么？',
		options: ['全心全意为人民服务', '实现共产主义', '发展生产力', '依法治国'],
		answer: [0],
		explanation: '党章规定，党除了工人阶级和最广大人民群众的利益，没有自己特殊的利益。',
		difficulty: 1,
		tags: ['党章', '基础']
	},
	{
		kind: 'multiple',
		stem: '以下属于“四个意识”的有：',
		options: ['政治意识', '大局意识', '核心意识', '看齐意识', '创新意识'],
		answer: [0, 1, 2, 3],
		explanation: '“四个意识”：政治意识、大局意识、核心意识、看齐意识。',
		difficulty: 3,
		tags: ['理论']
	},
	{
		kind: 'truefalse',
		stem: '党员应当按期交纳党费。',
		options: [],
		answer: [0],
		explanation: '',
		difficulty: 2,
		tags: ['党章']
	}
];

const NOTES: [string, string][] = [
	['题型', '必填：单选题、多选题或判断题。'],
	['题干', '必填，最多 2000 个字。'],
	[
		'选项A…选项H',
		'单选题、多选题至少填写选项A、选项B，最多 8 个，中间不能空列（如选项C为空则选项D也须为空）。判断题不填选项。'
	],
	[
		'答案',
		'选项字母，如 A；多选题写多个字母，如 ABD。判断题写“正确”或“错误”（也可写 对/错 或 A/B）。'
	],
	['解析', '选填，最多 4000 个字。'],
	['难度', '选填：1–5 或 易、较易、中等、较难、难；不填为中等。'],
	['标签', '选填，多个标签用逗号、顿号或分号分隔，最多 10 个，每个最多 30 个字。'],
	['', '任何一行有错误时整个文件都不会导入，请按错误提示的行号和列名修改后重新上传。最多 2000 行。']
];

async function workbook(rows: Sheetable[], withNotes: boolean): Promise<Buffer> {
	const wb = new ExcelJS.Workbook();
	wb.creator = '学帆 Xuefan';
	const ws = wb.addWorksheet('题库', { views: [{ state: 'frozen', ySplit: 1 }] });
	ws.columns = COLUMNS.map((c) => ({ header: HEADERS[c], key: c, width: WIDTHS[c] ?? 16 }));
	// all text, so Excel does not turn "1" into a number or an answer like "TRUE" into a boolean
	for (const c of COLUMNS) ws.getColumn(c).numFmt = '@';
	ws.getRow(1).font = { bold: true };
	for (const q of rows) ws.addRow(toSheetRow(q));
	ws.getColumn('stem').alignment = { wrapText: true, vertical: 'top' };
	if (withNotes) {
		const help = wb.addWorksheet('说明');
		help.columns = [
			{ header: '列', width: 14 },
			{ header: '说明', width: 100 }
		];
		help.getRow(1).font = { bold: true };
		for (const note of NOTES) help.addRow(note);
	}
	return Buffer.from(await wb.xlsx.writeBuffer());
}

export const bankTemplate = () => workbook(EXAMPLES, true);
export const bankExport = (questions: Sheetable[]) => workbook(questions, false);

/** Content-Disposition with an ASCII fallback and the UTF-8 name (RFC 6266). */
export function attachment(asciiName: string, utf8Name: string): string {
	return `attachment; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(utf8Name)}`;
}
