// Reading uploaded .xlsx files (roster import, question-bank import). Uses
// exceljs's normal (non-streaming) reader: its streaming reader garbles
// multi-byte characters at chunk boundaries (exceljs #2063).
import ExcelJS from 'exceljs';

/** xlsx is a zip: it starts "PK\x03\x04" (an .xls or .csv renamed .xlsx does not). */
export function isZip(bytes: Uint8Array): boolean {
	return bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

/** The first sheet's rows that hold any value, with their spreadsheet row numbers; cells as text, untrimmed. Throws if unreadable. */
export async function firstSheetRows(
	bytes: Uint8Array
): Promise<{ row: number; cells: string[] }[]> {
	const wb = new ExcelJS.Workbook();
	await wb.xlsx.load(
		Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ArrayBuffer
	);
	const ws = wb.worksheets[0];
	const out: { row: number; cells: string[] }[] = [];
	if (!ws) return out;
	ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
		const values = row.values as unknown[]; // 1-based, sparse
		const cells: string[] = [];
		for (let i = 1; i < values.length; i++) cells.push(cellText(values[i]));
		out.push({ row: rowNumber, cells });
	});
	return out;
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
