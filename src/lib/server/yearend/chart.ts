// Horizontal bar charts of the year-end figures, laid out on the server: the
// page renders the geometry as inline SVG (YearEndBars.svelte) and the PDF
// draws the same bars with pdfkit, so both show the same chart. Horizontal
// bars keep long Chinese labels readable on a phone (the SVG scales by its
// viewBox).

import type { BarChart, BarItem } from '../../api/yearend.ts';

export type { BarChart, BarItem } from '../../api/yearend.ts';

const ROW = 26;
const BAR = 18;
const PAD = 8;

/** Lays out one bar per item, scaled to the largest value (all zero: no bar drawn). */
export function barChart(
	items: BarItem[],
	opts: { width?: number; labelWidth?: number } = {}
): BarChart {
	const width = opts.width ?? 460;
	const labelWidth = opts.labelWidth ?? 170;
	const noteWidth = 70;
	const x0 = labelWidth + PAD;
	const span = Math.max(40, width - x0 - noteWidth);
	const max = Math.max(0, ...items.map((i) => i.value));
	const bars = items.map((item, k) => ({
		...item,
		y: PAD + k * ROW,
		width: max > 0 ? Math.round((item.value / max) * span * 10) / 10 : 0,
		text: item.note ?? item.value.toLocaleString('en-US')
	}));
	return {
		width,
		height: PAD * 2 + items.length * ROW - (ROW - BAR),
		labelWidth,
		barHeight: BAR,
		x0,
		span,
		bars,
		summary: items.map((i) => `${i.label} ${i.note ?? i.value}`).join('；')
	};
}
