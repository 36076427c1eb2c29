// One table on one sheet, streamed (exceljs's streaming writer commits each
// row as it is written, so 45,000 people never sit in memory): the title
// (row 1) and its subtitle, e.g. the export time (row 2), above the header
// row (3); all three frozen, and an autofilter over header and rows. Every
// export of the app is such a table, so each writer only says its columns.
import ExcelJS from 'exceljs';
import type { Writable } from 'node:stream';

const HEAD_ROW = 3;

export interface Column {
	header: string;
	width: number;
	/** Excel number format of the column's cells, e.g. '0.0%' or 'yyyy-mm-dd hh:mm'. */
	numFmt?: string;
}

export interface TableMeta {
	sheet: string;
	title: string;
	subtitle: string;
}

export const PERCENT = '0.0%';
export const DATE_TIME = 'yyyy-mm-dd hh:mm';

export interface Row {
	cells: unknown[];
	/** Indent of the first cell (a tree's depth). */
	indent?: number;
}

/** Streams the table into `stream`; returns the number of rows written. */
export async function writeTable(
	stream: Writable,
	meta: TableMeta,
	columns: Column[],
	batches: AsyncIterable<Row[]> | Iterable<Row[]>,
	onProgress?: (rowsDone: number) => Promise<void> | void
): Promise<number> {
	const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
		stream,
		useStyles: true,
		useSharedStrings: false
	});
	const ws = wb.addWorksheet(meta.sheet, {
		views: [{ state: 'frozen', xSplit: 0, ySplit: HEAD_ROW }]
	});
	const width = columns.length;
	ws.columns = columns.map((c) => ({ width: c.width }));
	ws.addRow([meta.title]).font = { bold: true, size: 14 };
	ws.addRow([meta.subtitle]);
	ws.mergeCells(1, 1, 1, width);
	ws.mergeCells(2, 1, 2, width);
	const head = ws.addRow(columns.map((c) => c.header));
	head.font = { bold: true };
	head.commit();
	let n = 0;
	for await (const batch of batches) {
		for (const r of batch) {
			const row = ws.addRow(r.cells);
			if (r.indent) row.getCell(1).alignment = { indent: Math.min(15, r.indent) };
			columns.forEach((c, i) => {
				if (c.numFmt) row.getCell(i + 1).numFmt = c.numFmt;
			});
			row.commit();
		}
		n += batch.length;
		await onProgress?.(n);
	}
	// Set before the sheet's commit (the streaming writer writes it last).
	ws.autoFilter = { from: { row: HEAD_ROW, column: 1 }, to: { row: HEAD_ROW + n, column: width } };
	ws.commit();
	await wb.commit();
	return n;
}

/** Content-Disposition for a download name with Chinese characters (RFC 6266 / 5987). */
export function attachment(filename: string): string {
	const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
	return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
