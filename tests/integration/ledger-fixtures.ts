// Fixtures for the ledger-entry tests: route events with a multipart body
// (fields and files), xlsx files of past records made with exceljs, and the
// certificates directory's contents (to see that a refusal leaves no file).
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { SessionUser } from '../../src/lib/server/auth/types';
import { config } from '../../src/lib/server/config.js';
import { event } from './quiz-fixtures';

/** A minimal PDF (what matters is its first bytes) and a PNG / JPEG signature. */
export const PDF = new TextEncoder().encode('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
export const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
export const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46]);

export function formEvent(
	user: SessionUser,
	url: string,
	params: Record<string, string>,
	fields: Record<string, string>,
	files: Record<string, { name: string; bytes: Uint8Array }> = {}
) {
	const e = event(user, url, params);
	const fd = new FormData();
	for (const [k, v] of Object.entries(fields)) fd.set(k, v);
	for (const [k, f] of Object.entries(files)) fd.set(k, new File([f.bytes as BlobPart], f.name));
	e.request = new Request(e.url, { method: 'POST', body: fd });
	return e;
}

export async function certificateFiles(): Promise<string[]> {
	return readdir(path.join(config().mediaDir, 'certificates')).catch(() => []);
}

export const HEADER = [
	'工号',
	'日期',
	'类别',
	'学时',
	'说明',
	'名称',
	'承办或挂职单位',
	'地点',
	'开始日期',
	'结束日期'
];

/** An xlsx of past records: the header row then `rows` (cells as written, strings or numbers). */
export async function recordsXlsx(rows: (string | number | Date)[][], header = HEADER) {
	const wb = new ExcelJS.Workbook();
	const ws = wb.addWorksheet('往年学时');
	ws.addRow(header);
	for (const r of rows) ws.addRow(r);
	return new Uint8Array(await wb.xlsx.writeBuffer());
}
