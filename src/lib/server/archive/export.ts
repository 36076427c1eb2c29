// A person's archive for a year as xlsx (the app's one table shape,
// writeTable) and as an A4 PDF with Chinese text (pdfkit + Noto Sans CJK, the
// certificates' font).
import PDFDocument from 'pdfkit';
import type { Writable } from 'node:stream';
import type { ArchiveView } from '../../api/archive.ts';
import { m } from '../../paraglide/messages.js';
import { CJK_FAMILY, CJK_FONT } from '../classes/certificates.ts';
import { writeTable, type Row } from '../xlsx/table.ts';
import { rankLabel, isRankLevel } from '../org/rank-levels.ts';
import {
	historyKindLabel,
	hoursText,
	sourceLabel,
	statusLabel,
	windowLabel
} from '../../archive/labels.ts';

const personLine = (v: ArchiveView) =>
	m.archive_person_line({
		name: v.person.name,
		no: v.person.employeeNo,
		rank: isRankLevel(v.person.rankLevel) ? rankLabel(v.person.rankLevel) : v.person.rankLevel,
		unit: v.person.unitPath
	});

export const archiveFileName = (v: ArchiveView, ext: string) =>
	`${m.archive_title()}-${v.person.name}-${v.person.employeeNo}-${v.year}.${ext}`;

/** Rows: each requirement with its entries indented below, the other entries, the history. */
function rows(v: ArchiveView): Row[] {
	const out: Row[] = [];
	for (const f of v.figures) {
		out.push({ cells: [f.name, windowLabel(f), '', f.earned, f.required, f.missing] });
		for (const e of f.entries)
			out.push({ indent: 1, cells: [e.title ?? '', e.earnedOn, sourceLabel(e.source), e.hours] });
	}
	if (v.otherEntries.length) {
		out.push({ cells: [m.archive_other_entries({ year: v.year })] });
		for (const e of v.otherEntries)
			out.push({ indent: 1, cells: [e.title ?? '', e.earnedOn, sourceLabel(e.source), e.hours] });
	}
	out.push({ cells: [m.archive_history()] });
	for (const h of v.history)
		out.push({
			indent: 1,
			cells: [
				h.title,
				`${h.startsOn} – ${h.endsOn}`,
				historyKindLabel(h.kind),
				h.hours,
				h.organisation,
				statusLabel(h.status)
			]
		});
	return out;
}

export async function writeArchiveXlsx(stream: Writable, v: ArchiveView): Promise<void> {
	await writeTable(
		stream,
		{
			sheet: m.archive_sheet(),
			title: `${m.archive_title()} · ${v.year}`,
			subtitle: `${personLine(v)} · ${m.archive_as_of({ day: v.asOf })}`
		},
		[
			{ header: m.archive_item(), width: 40 },
			{ header: `${m.archive_window()} / ${m.archive_date()}`, width: 24 },
			{ header: m.archive_source(), width: 16 },
			{ header: `${m.archive_earned()} / ${m.archive_hours()}`, width: 12, numFmt: '0.00' },
			{ header: m.archive_required(), width: 16, numFmt: '0.00' },
			{ header: m.archive_missing(), width: 12, numFmt: '0.00' }
		],
		[rows(v)]
	);
}

/** The archive as an A4 portrait PDF. */
export function archivePdf(v: ArchiveView, stamp: string): Promise<Buffer> {
	const doc = new PDFDocument({ size: 'A4', margin: 42 });
	const chunks: Buffer[] = [];
	doc.on('data', (c: Buffer) => chunks.push(c));
	const done = new Promise<Buffer>((resolve) =>
		doc.on('end', () => resolve(Buffer.concat(chunks)))
	);
	doc.registerFont('cjk', CJK_FONT, CJK_FAMILY);
	doc.font('cjk');
	const left = doc.page.margins.left;
	const width = doc.page.width - left - doc.page.margins.right;
	const line = (cols: [string, number][], size = 9) => {
		const y = doc.y;
		let x = left;
		let bottom = y;
		for (const [text, share] of cols) {
			doc.fontSize(size).text(text, x, y, { width: width * share - 4 });
			bottom = Math.max(bottom, doc.y);
			x += width * share;
		}
		doc.x = left;
		doc.y = bottom + 2;
	};
	doc.fontSize(18).text(`${m.archive_title()} · ${v.year}`, { align: 'center' });
	doc.moveDown(0.4);
	doc.fontSize(10).text(personLine(v));
	doc
		.fontSize(8)
		.fillColor('#555')
		.text(m.archive_as_of({ day: v.asOf }))
		.fillColor('black');
	doc.moveDown(0.6);
	doc.fontSize(12).text(m.archive_requirements());
	const W: [number, number, number, number, number] = [0.34, 0.24, 0.14, 0.14, 0.14];
	line([
		[m.archive_requirement(), W[0]],
		[m.archive_window(), W[1]],
		[m.archive_earned(), W[2]],
		[m.archive_required(), W[3]],
		[m.archive_missing(), W[4]]
	]);
	if (!v.figures.length) doc.fontSize(9).text(m.archive_no_requirement());
	for (const f of v.figures)
		line([
			[f.name, W[0]],
			[windowLabel(f), W[1]],
			[hoursText(f.earned), W[2]],
			[hoursText(f.required), W[3]],
			[f.missing > 0 ? hoursText(f.missing) : m.archive_met(), W[4]]
		]);
	const entryRows = v.figures.flatMap((f) => f.entries.map((e) => ({ e, req: f.name })));
	doc.moveDown(0.6);
	doc.fontSize(12).text(m.archive_entries());
	for (const { e, req } of [...entryRows, ...v.otherEntries.map((e) => ({ e, req: '' }))])
		line(
			[
				[e.earnedOn, 0.14],
				[sourceLabel(e.source), 0.18],
				[e.title ?? '', 0.44],
				[req, 0.14],
				[hoursText(e.hours), 0.1]
			],
			8
		);
	doc.moveDown(0.6);
	doc.fontSize(12).text(m.archive_history());
	if (!v.history.length) doc.fontSize(9).text(m.archive_no_history());
	for (const h of v.history)
		line(
			[
				[`${h.startsOn} – ${h.endsOn}`, 0.22],
				[historyKindLabel(h.kind), 0.14],
				[h.title, 0.38],
				[statusLabel(h.status), 0.14],
				[h.hours === null ? '' : hoursText(h.hours), 0.12]
			],
			8
		);
	doc.moveDown(0.8);
	doc.fontSize(7).fillColor('#555').text(m.archive_pdf_generated({ stamp }));
	doc.end();
	return done;
}
