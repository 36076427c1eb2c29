// The attendance report as xlsx (exceljs streaming writer: rows are committed
// as they are written). Headers in the requester's language.
import ExcelJS from 'exceljs';
import type { Writable } from 'node:stream';
import { m } from '../../paraglide/messages.js';
import type { PersonRow, UnitRow } from './attendance-report.ts';

export type { Locale } from '../../paraglide/runtime.js';
import type { Locale } from '../../paraglide/runtime.js';

export async function writeAttendanceXlsx(
	stream: Writable,
	meta: { title: string; subtitle: string; locale: Locale },
	units: UnitRow[],
	people: AsyncIterable<PersonRow[]>
): Promise<number> {
	const o = { locale: meta.locale };
	const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
		stream,
		useStyles: true,
		useSharedStrings: false
	});

	const us = wb.addWorksheet(m.room_att_sheet_units({}, o));
	us.columns = [{ width: 36 }, { width: 12 }, { width: 12 }, { width: 12 }, { width: 14 }];
	heading(us, meta.title, meta.subtitle, 5);
	bold(
		us.addRow([
			m.room_att_col_unit({}, o),
			m.room_att_col_audience({}, o),
			m.room_att_col_attended({}, o),
			m.room_att_col_credited({}, o),
			m.room_att_col_minutes({}, o)
		])
	);
	for (const u of units)
		us.addRow([u.name, u.audience, u.attended, u.credited, u.minutes]).commit();
	us.commit();

	const ps = wb.addWorksheet(m.room_att_sheet_people({}, o));
	ps.columns = [
		{ width: 14 },
		{ width: 12 },
		{ width: 28 },
		{ width: 10 },
		{ width: 12 },
		{ width: 10 }
	];
	heading(ps, meta.title, meta.subtitle, 6);
	bold(
		ps.addRow([
			m.room_att_col_employee_no({}, o),
			m.room_att_col_name({}, o),
			m.room_att_col_unit({}, o),
			m.room_att_col_minutes({}, o),
			m.room_att_col_checkins({}, o),
			m.room_att_col_credited({}, o)
		])
	);
	const yes = m.room_att_yes({}, o);
	const no = m.room_att_no({}, o);
	let n = 0;
	for await (const batch of people) {
		for (const p of batch) {
			ps.addRow([
				p.employeeNo,
				p.name,
				p.unitName,
				p.minutes,
				`${p.checkinsAnswered}/${p.checkinsTotal}`,
				p.credited ? yes : no
			]).commit();
			n++;
		}
	}
	ps.commit();
	await wb.commit();
	return n;
}

function heading(ws: ExcelJS.Worksheet, title: string, sub: string, width: number) {
	ws.addRow([title]).font = { bold: true, size: 14 };
	ws.addRow([sub]);
	ws.mergeCells(1, 1, 1, width);
	ws.mergeCells(2, 1, 2, width);
}

function bold(row: ExcelJS.Row) {
	row.font = { bold: true };
	row.commit();
}
