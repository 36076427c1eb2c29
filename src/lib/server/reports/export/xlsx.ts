// The report exports: each one table (xlsx/table.ts) with headers in the
// requester's language; names and units stay as they are (Chinese opens fine
// in Excel: xlsx is UTF-8 XML).
import type { Writable } from 'node:stream';
import { m } from '$lib/paraglide/messages.js';
import { excelDate } from '../../clock/index.ts';
import { DATE_TIME, PERCENT, writeTable, type Column } from '../../xlsx/table.ts';
import type { BulletinRow } from '../bulletin.ts';
import type { FiguredPerson } from '../people-figures.ts';
import type { UnitCounts } from '../types.ts';

export type { Locale } from '../../../paraglide/runtime.js';
import type { Locale } from '../../../paraglide/runtime.js';
export { attachment, XLSX_TYPE } from '../../xlsx/table.ts';

interface Meta {
	title: string;
	subtitle: string;
	locale: Locale;
}

/** Assigned, completed, in progress, not started: the counts every unit row has. */
function countColumns(o: { locale: Locale }): Column[] {
	return [
		{ header: m.report_col_assigned({}, o), width: 10 },
		{ header: m.report_col_completed({}, o), width: 10 },
		{ header: m.report_col_in_progress({}, o), width: 10 },
		{ header: m.report_col_not_started({}, o), width: 10 }
	];
}

export async function writeTreeXlsx(
	stream: Writable,
	meta: Meta,
	rows: (UnitCounts & { path: string })[]
): Promise<void> {
	const o = { locale: meta.locale };
	const columns: Column[] = [
		{ header: m.report_col_unit({}, o), width: 40 },
		{ header: m.report_col_unit_path({}, o), width: 44 },
		...countColumns(o),
		{ header: m.report_col_overdue({}, o), width: 10 },
		{ header: m.report_col_rate({}, o), width: 10, numFmt: PERCENT }
	];
	const base = rows[0]?.depth ?? 0;
	const cells = rows.map((r) => ({
		cells: [r.name, r.path, r.assigned, r.completed, r.inProgress, r.notStarted, r.overdue, r.rate],
		indent: r.depth - base
	}));
	await writeTable(stream, { sheet: m.report_sheet_units({}, o), ...meta }, columns, [cells]);
}

export async function writePeopleXlsx(
	stream: Writable,
	meta: Meta,
	batches: AsyncIterable<FiguredPerson[]>,
	onProgress?: (rowsDone: number) => Promise<void> | void
): Promise<number> {
	const o = { locale: meta.locale };
	const status = {
		not_started: m.report_status_not_started({}, o),
		in_progress: m.report_status_in_progress({}, o),
		completed: m.report_status_completed({}, o)
	};
	const yes = m.report_yes({}, o);
	const columns: Column[] = [
		{ header: m.report_col_employee_no({}, o), width: 14 },
		{ header: m.report_col_name({}, o), width: 12 },
		{ header: m.report_col_unit_path({}, o), width: 44 },
		{ header: m.report_col_status({}, o), width: 10 },
		{ header: m.report_col_progress({}, o), width: 12 },
		{ header: m.figure_required_col({}, o), width: 14, numFmt: PERCENT },
		{ header: m.report_col_last_activity({}, o), width: 18, numFmt: DATE_TIME },
		{ header: m.report_col_completed_at({}, o), width: 18, numFmt: DATE_TIME },
		{ header: m.report_col_overdue({}, o), width: 8 }
	];
	// Excel cells have no zone: times are the organisation's wall clock.
	const at = (d: Date | string | null) => (d ? excelDate(new Date(d)) : null);
	async function* rows() {
		for await (const batch of batches)
			yield batch.map((p) => ({
				cells: [
					p.employeeNo,
					p.name,
					p.unitPath,
					status[p.status],
					`${p.requiredDone}/${p.requiredTotal}`,
					p.figure,
					at(p.lastActivityAt),
					at(p.completedAt),
					p.overdue ? yes : ''
				]
			}));
	}
	const sheet = m.report_sheet_people({}, o);
	return writeTable(stream, { sheet, ...meta }, columns, rows(), onProgress);
}

export async function writeBulletinXlsx(
	stream: Writable,
	meta: Meta,
	rows: BulletinRow[]
): Promise<void> {
	const o = { locale: meta.locale };
	const columns: Column[] = [
		{ header: m.report_col_rank({}, o), width: 8 },
		{ header: m.report_col_unit({}, o), width: 28 },
		{ header: m.report_col_parent({}, o), width: 30 },
		...countColumns(o),
		{ header: m.report_col_rate({}, o), width: 10, numFmt: PERCENT }
	];
	const cells = rows.map((r) => ({
		cells: [r.rank, r.name, r.path, r.assigned, r.completed, r.inProgress, r.notStarted, r.rate]
	}));
	await writeTable(stream, { sheet: m.report_sheet_bulletin({}, o), ...meta }, columns, [cells]);
}
