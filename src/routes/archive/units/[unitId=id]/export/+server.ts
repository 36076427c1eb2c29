import type { RequestHandler } from './$types';
import { m } from '$lib/paraglide/messages.js';
import { formatStamp } from '$lib/server/clock';
import { hoursText } from '$lib/archive/labels';
import { rankName } from '$lib/components/archive/rank';
import { safeFilename, xlsxResponse } from '$lib/server/reports/export/respond';
import { writeTable, type Row } from '$lib/server/xlsx/table';
import { loadUnit } from '../../units.server';

// The unit view as xlsx: the sub-units rolled up, then every person below.
export const GET: RequestHandler = async (event) => {
	const d = await loadUnit(event, 100_000);
	const unitName = d.unit?.name ?? '';
	const counts = (c: { people: number; below: number; missing: number }) => [
		c.people,
		c.below,
		c.people ? c.below / c.people : 0,
		c.missing
	];
	const rows: Row[] = [
		...d.report.rows.map((r) => ({ cells: [r.name, '', '', ...counts(r)] })),
		...(d.report.direct
			? [{ cells: [m.archive_direct(), '', '', ...counts(d.report.direct)] }]
			: []),
		{ cells: [m.archive_total(), '', '', ...counts(d.report.total)] },
		{ cells: [m.archive_people_below({ unit: unitName, count: d.people.total })] },
		...d.people.people.map((p) => ({
			indent: 1,
			cells: [
				p.name,
				p.employeeNo,
				`${p.unitName} · ${rankName(p.rankLevel)}`,
				p.gaps
					.map((g) =>
						m.archive_gap({
							name: d.names[g.requirementId] ?? '',
							earned: hoursText(g.earned),
							required: hoursText(g.required)
						})
					)
					.join('；'),
				'',
				'',
				p.missing
			]
		}))
	];
	const meta = {
		sheet: m.archive_units_sheet(),
		title: `${m.archive_units_title()} · ${unitName} · ${d.year}`,
		subtitle: m.archive_pdf_generated({ stamp: formatStamp(new Date()) })
	};
	const columns = [
		{ header: `${m.archive_unit()} / ${m.archive_name()}`, width: 28 },
		{ header: m.archive_employee_no(), width: 14 },
		{ header: `${m.archive_unit()} · ${m.archive_rank()}`, width: 24 },
		{ header: `${m.archive_people()} / ${m.archive_gaps()}`, width: 40 },
		{ header: m.archive_below(), width: 12 },
		{ header: m.archive_below_rate(), width: 12, numFmt: '0.0%' },
		{ header: m.archive_missing_total(), width: 14, numFmt: '0.00' }
	];
	return xlsxResponse(safeFilename(m.archive_units_title(), unitName, String(d.year)), (out) =>
		writeTable(out, meta, columns, [rows])
	);
};
