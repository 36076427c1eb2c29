// xlsx writers (exceljs streaming writer: rows are committed as they are
// written, so 45,000 people never sit in memory). Headers in the requester's
// language; names and units stay as they are (Chinese opens fine in Excel:
// xlsx is UTF-8 XML).
import ExcelJS from 'exceljs';
import type { Writable } from 'node:stream';
import { m } from '$lib/paraglide/messages.js';
import { excelDate } from '../../clock/index.ts';
import type { BulletinRow } from '../bulletin.ts';
import type { FiguredPerson } from '../people-figures.ts';
import type { UnitCounts } from '../types.ts';

export type { Locale } from '../../../paraglide/runtime.js';
import type { Locale } from '../../../paraglide/runtime.js';

function book(stream: Writable) {
	return new ExcelJS.stream.xlsx.WorkbookWriter({
		stream,
		useStyles: true,
		useSharedStrings: false
	});
}

// Every table sheet: the title (row 1) and export time (row 2) above the
// header row (3), all three frozen, and an autofilter over header and rows.
const HEAD_ROW = 3;

function sheet(wb: ExcelJS.stream.xlsx.WorkbookWriter, name: string) {
	return wb.addWorksheet(name, { views: [{ state: 'frozen', xSplit: 0, ySplit: HEAD_ROW }] });
}

function title(ws: ExcelJS.Worksheet, text: string, sub: string, width: number) {
	ws.addRow([text]).font = { bold: true, size: 14 };
	ws.addRow([sub]);
	ws.mergeCells(1, 1, 1, width);
	ws.mergeCells(2, 1, 2, width);
}

/** Set before the sheet's commit (the streaming writer writes it last). */
function filter(ws: ExcelJS.Worksheet, rows: number, width: number) {
	ws.autoFilter = {
		from: { row: HEAD_ROW, column: 1 },
		to: { row: HEAD_ROW + rows, column: width }
	};
}

const pct = '0.0%';

export async function writeTreeXlsx(
	stream: Writable,
	meta: { title: string; subtitle: string; locale: Locale },
	rows: (UnitCounts & { path: string })[]
): Promise<void> {
	const o = { locale: meta.locale };
	const wb = book(stream);
	const ws = sheet(wb, m.report_sheet_units({}, o));
	ws.columns = [
		{ width: 40 },
		{ width: 44 },
		{ width: 10 },
		{ width: 10 },
		{ width: 10 },
		{ width: 10 },
		{ width: 10 },
		{ width: 10 }
	];
	title(ws, meta.title, meta.subtitle, 8);
	const head = ws.addRow([
		m.report_col_unit({}, o),
		m.report_col_unit_path({}, o),
		m.report_col_assigned({}, o),
		m.report_col_completed({}, o),
		m.report_col_in_progress({}, o),
		m.report_col_not_started({}, o),
		m.report_col_overdue({}, o),
		m.report_col_rate({}, o)
	]);
	head.font = { bold: true };
	head.commit();
	const base = rows[0]?.depth ?? 0;
	for (const r of rows) {
		const row = ws.addRow([
			r.name,
			r.path,
			r.assigned,
			r.completed,
			r.inProgress,
			r.notStarted,
			r.overdue,
			r.rate
		]);
		row.getCell(1).alignment = { indent: Math.min(15, r.depth - base) };
		row.getCell(8).numFmt = pct;
		row.commit();
	}
	filter(ws, rows.length, 8);
	ws.commit();
	await wb.commit();
}

export async function writePeopleXlsx(
	stream: Writable,
	meta: { title: string; subtitle: string; locale: Locale },
	batches: AsyncIterable<FiguredPerson[]>,
	onProgress?: (rowsDone: number) => Promise<void> | void
): Promise<number> {
	const o = { locale: meta.locale };
	const status = {
		not_started: m.report_status_not_started({}, o),
		in_progress: m.report_status_in_progress({}, o),
		completed: m.report_status_completed({}, o)
	};
	const wb = book(stream);
	const ws = sheet(wb, m.report_sheet_people({}, o));
	ws.columns = [
		{ width: 14 },
		{ width: 12 },
		{ width: 44 },
		{ width: 10 },
		{ width: 12 },
		{ width: 14 },
		{ width: 18 },
		{ width: 18 },
		{ width: 8 }
	];
	title(ws, meta.title, meta.subtitle, 9);
	const head = ws.addRow([
		m.report_col_employee_no({}, o),
		m.report_col_name({}, o),
		m.report_col_unit_path({}, o),
		m.report_col_status({}, o),
		m.report_col_progress({}, o),
		m.figure_required_col({}, o),
		m.report_col_last_activity({}, o),
		m.report_col_completed_at({}, o),
		m.report_col_overdue({}, o)
	]);
	head.font = { bold: true };
	head.commit();
	let n = 0;
	const yes = m.report_yes({}, o);
	for await (const batch of batches) {
		for (const p of batch) {
			const row = ws.addRow([
				p.employeeNo,
				p.name,
				p.unitPath,
				status[p.status],
				`${p.requiredDone}/${p.requiredTotal}`,
				p.figure,
				// Excel cells have no zone: the organisation's wall clock.
				p.lastActivityAt ? excelDate(new Date(p.lastActivityAt)) : null,
				p.completedAt ? excelDate(new Date(p.completedAt)) : null,
				p.overdue ? yes : ''
			]);
			row.getCell(6).numFmt = pct;
			row.getCell(7).numFmt = 'yyyy-mm-dd hh:mm';
			row.getCell(8).numFmt = 'yyyy-mm-dd hh:mm';
			row.commit();
		}
		n += batch.length;
		await onProgress?.(n);
	}
	filter(ws, n, 8);
	ws.commit();
	await wb.commit();
	return n;
}

export async function writeBulletinXlsx(
	stream: Writable,
	meta: { title: string; subtitle: string; locale: Locale },
	rows: BulletinRow[]
): Promise<void> {
	const o = { locale: meta.locale };
	const wb = book(stream);
	const ws = sheet(wb, m.report_sheet_bulletin({}, o));
	ws.columns = [
		{ width: 8 },
		{ width: 28 },
		{ width: 30 },
		{ width: 10 },
		{ width: 10 },
		{ width: 10 },
		{ width: 10 },
		{ width: 10 }
	];
	title(ws, meta.title, meta.subtitle, 8);
	const head = ws.addRow([
		m.report_col_rank({}, o),
		m.report_col_unit({}, o),
		m.report_col_parent({}, o),
		m.report_col_assigned({}, o),
		m.report_col_completed({}, o),
		m.report_col_in_progress({}, o),
		m.report_col_not_started({}, o),
		m.report_col_rate({}, o)
	]);
	head.font = { bold: true };
	head.commit();
	for (const r of rows) {
		const row = ws.addRow([
			r.rank,
			r.name,
			r.path,
			r.assigned,
			r.completed,
			r.inProgress,
			r.notStarted,
			r.rate
		]);
		row.getCell(8).numFmt = pct;
		row.commit();
	}
	filter(ws, rows.length, 8);
	ws.commit();
	await wb.commit();
}

/** Content-Disposition for a download name with Chinese characters (RFC 6266 / 5987). */
export function attachment(filename: string): string {
	const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
	return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
