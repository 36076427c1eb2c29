// Reading uploaded .xlsx files (roster import, question-bank import). Uses
// exceljs's normal (non-streaming) reader: its streaming reader garbles
// multi-byte characters at chunk boundaries (exceljs #2063).
import ExcelJS from 'exceljs';

/** xlsx is a zip: it starts "PK\x03\x04" (an .xls or .csv renamed .xlsx does not). */
export function isZip(bytes: Uint8Array): boolean {
	return bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

export interface SheetRow {
	row: number;
	/** cells as text, untrimmed; a number in the text its number format shows (000000 → 032068) */
	cells: string[];
	/** 0-based columns holding a number whose shown text could not be reproduced exactly
	 * (a format other than General/0-padding, a fraction, or more digits than a double keeps) */
	inexact: number[];
}

/** The first sheet's rows that hold any value, with their spreadsheet row numbers. Throws if unreadable. */
export async function firstSheetRows(bytes: Uint8Array): Promise<SheetRow[]> {
	const wb = new ExcelJS.Workbook();
	await wb.xlsx.load(
		Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ArrayBuffer
	);
	const ws = wb.worksheets[0];
	const out: SheetRow[] = [];
	if (!ws) return out;
	ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
		const values = row.values as unknown[]; // 1-based, sparse
		const cells: string[] = [];
		const inexact: number[] = [];
		for (let i = 1; i < values.length; i++) {
			const v = values[i];
			const n = typeof v === 'number' ? v : numericResult(v);
			if (n === undefined) cells.push(cellText(v));
			else {
				const shown = numberAsShown(n, row.getCell(i).numFmt);
				if (shown === null) inexact.push(i - 1);
				cells.push(shown ?? cellText(n));
			}
		}
		out.push({ row: rowNumber, cells, inexact });
	});
	return out;
}

function numericResult(v: unknown): number | undefined {
	if (v && typeof v === 'object' && 'result' in v) {
		const r = (v as { result?: unknown }).result;
		if (typeof r === 'number') return r;
	}
	return undefined;
}

/**
 * The text Excel shows for a whole number under the format `numFmt`, for the
 * formats identifiers come in: General / "@" / "0" (the digits) and digit
 * placeholders with literals, e.g. "000000" (32068 → "032068") or "\"E\"0000".
 * null when that cannot be known exactly: a fraction, a number beyond 15
 * significant digits (18-digit ID numbers typed as numbers are already
 * rounded), or any other format (dates, scientific, thousands separators).
 */
export function numberAsShown(value: number, numFmt: string | undefined): string | null {
	if (!Number.isInteger(value) || Math.abs(value) >= 1e15) return null;
	const digits = Math.abs(value).toFixed(0);
	const sign = value < 0 ? '-' : '';
	const fmt = (numFmt ?? '').split(';')[0].trim();
	if (fmt === '' || fmt.toLowerCase() === 'general' || fmt === '@') return sign + digits;
	// Split into literals ("…", \x) and the rest, which must be only 0/# placeholders.
	const parts = [...fmt.matchAll(/"([^"]*)"|\\(.)|([0#]+)|(.)/g)];
	if (parts.some((p) => p[4] !== undefined)) return null;
	const placeholders = parts.filter((p) => p[3] !== undefined);
	if (placeholders.length !== 1) return null;
	const zeros = (placeholders[0][3].match(/0/g) ?? []).length;
	return parts
		.map((p) => (p[3] !== undefined ? sign + digits.padStart(zeros, '0') : (p[1] ?? p[2])))
		.join('');
}

/** Text of an exceljs cell value (string, number, date, rich text, hyperlink, formula result). */
export function cellText(v: unknown): string {
	if (v === null || v === undefined) return '';
	if (typeof v === 'string') return v;
	if (typeof v === 'number') return Number.isInteger(v) ? v.toFixed(0) : String(v);
	if (typeof v === 'boolean') return String(v);
	if (v instanceof Date) return v.toISOString().slice(0, 10);
	if (typeof v === 'object') {
		const o = v as {
			richText?: { text: string }[];
			text?: unknown;
			result?: unknown;
			error?: string;
		};
		if (Array.isArray(o.richText)) return o.richText.map((t) => t.text).join('');
		if ('result' in o) return cellText(o.result);
		if (o.text !== undefined) return cellText(o.text);
		if (o.error) return '';
	}
	return String(v);
}
