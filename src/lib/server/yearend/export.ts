// The year-end statistics as an xlsx (one table: every figure and its
// breakdowns, writeTable) and as an A4 PDF with Chinese text (pdfkit with the
// CJK font of the certificates) and the same bar charts as the page.
import PDFDocument from 'pdfkit';
import type { Writable } from 'node:stream';
import { m } from '../../paraglide/messages.js';
import { PERCENT, writeTable } from '../xlsx/table.ts';
import { CJK_FAMILY, CJK_FONT } from '../classes/certificates.ts';
import type { YearEnd } from '../../api/yearend.ts';
import { allLines, headline, pct } from './lines.ts';
import { categoryChart, rankChart } from './charts.ts';
import type { BarChart } from './chart.ts';

export interface ExportMeta {
	title: string;
	subtitle: string;
}

export function writeYearEndXlsx(out: Writable, meta: ExportMeta, s: YearEnd): Promise<number> {
	const rows = allLines(s).map((l) => ({
		cells: [l.label, l.value, l.detail ?? null, l.share ?? null, l.score ?? null, l.note ?? ''],
		indent: l.indent
	}));
	return writeTable(
		out,
		{ sheet: m.yearend_sheet(), ...meta },
		[
			{ header: m.yearend_col_item(), width: 44 },
			{ header: m.yearend_col_value(), width: 12 },
			{ header: `${m.yearend_col_completed()} / ${m.yearend_col_ratings()}`, width: 16 },
			{ header: m.yearend_col_rate(), width: 10, numFmt: PERCENT },
			{ header: m.yearend_col_average(), width: 10, numFmt: '0.00' },
			{ header: m.yearend_col_organisation(), width: 24 }
		],
		[rows]
	);
}

function drawChart(
	doc: PDFKit.PDFDocument,
	title: string,
	chart: BarChart,
	x: number,
	width: number
) {
	const k = (width * 0.8) / chart.width; // a little narrower than the text
	const ky = k * 0.7; // and shorter rows
	doc.fontSize(11).fillColor('#000').text(title, x, doc.y);
	const top = doc.y + 4;
	for (const b of chart.bars) {
		const y = top + b.y * ky;
		doc
			.fontSize(8)
			.fillColor('#333')
			.text(b.label, x, y, {
				width: chart.labelWidth * k - 4,
				align: 'right',
				lineBreak: false
			});
		if (b.width > 0)
			doc
				.rect(x + chart.x0 * k, y, b.width * k, chart.barHeight * ky)
				.fill(b.accent ? '#c0392b' : '#2f6fb0');
		doc.fillColor('#000').text(b.text, x + (chart.x0 + b.width) * k + 4, y, { lineBreak: false });
	}
	doc.x = x;
	doc.y = top + chart.height * ky + 8;
}

export function yearEndPdf(meta: ExportMeta, s: YearEnd): Promise<Buffer> {
	const doc = new PDFDocument({ size: 'A4', margin: 48, info: { Title: meta.title } });
	const chunks: Buffer[] = [];
	doc.on('data', (c: Buffer) => chunks.push(c));
	const done = new Promise<Buffer>((resolve) =>
		doc.on('end', () => resolve(Buffer.concat(chunks)))
	);
	doc.registerFont('cjk', CJK_FONT, CJK_FAMILY);
	doc.font('cjk');
	const left = doc.page.margins.left;
	const width = doc.page.width - left - doc.page.margins.right;
	doc.fontSize(18).text(meta.title, { align: 'center' });
	doc.fontSize(10).fillColor('#555').text(meta.subtitle, { align: 'center' }).fillColor('#000');
	doc.moveDown(0.8);
	for (const l of headline(s)) {
		const extra = l.note ?? '';
		const y = doc.y;
		doc.fontSize(10).text(l.label, left, y, { width: width * 0.5, lineBreak: false });
		doc.text(`${l.value}${extra ? `（${extra}）` : ''}`, left + width * 0.5, y, {
			width: width * 0.5,
			align: 'right'
		});
		doc.moveDown(0.15);
	}
	doc.moveDown(0.6);
	drawChart(doc, m.yearend_chart_categories(), categoryChart(s), left, width);
	drawChart(doc, m.yearend_chart_ranks(), rankChart(s), left, width);
	doc.fontSize(11).text(m.yearend_online(), left);
	for (const p of s.online.programmes)
		doc.fontSize(9).text(`${p.title}：${p.completed} / ${p.assigned}（${pct(p.rate)}）`, left);
	doc.moveDown(0.6);
	doc
		.fontSize(8)
		.fillColor('#555')
		.text(`${m.yearend_definitions()}：${m.yearend_def_text()}`, left, doc.y, { width });
	doc.end();
	return done;
}
