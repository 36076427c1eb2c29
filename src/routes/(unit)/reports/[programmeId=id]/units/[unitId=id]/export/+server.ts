import { error, redirect } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { m } from '$lib/paraglide/messages.js';
import { getLocale } from '$lib/paraglide/runtime';
import { db } from '$lib/server/db';
import { unitPathsOf } from '$lib/server/org/unit-paths';
import { jobs } from '$lib/server/jobs';
import { createExport, EXPORT_INLINE_MAX, REPORT_EXPORT } from '$lib/server/reports/export/jobs';
import { safeFilename, xlsxResponse } from '$lib/server/reports/export/respond';
import { writePeopleXlsx, writeTreeXlsx } from '$lib/server/reports/export/xlsx';
import { countPeople, peopleCursor, peopleParams } from '$lib/server/reports/people';
import { figuredBatches } from '$lib/server/reports/people-figures';
import { subtreeRollup } from '$lib/server/reports/rollup';
import { lastWriteLsn } from '$lib/server/db/read-your-writes';
import { formatStamp, reportReads, reportTarget } from '../../../../report.server';

// The unit's figures for its whole subtree, one row per unit (tree order).
export const GET: RequestHandler = async (event) => {
	const { programme, unitId, path } = await reportTarget(event, event.params.unitId);
	if (event.url.searchParams.get('what') !== 'tree') error(400, m.report_error_export_kind());
	const locale = getLocale();
	const unitName = path.at(-1)?.name ?? '';
	const { sql } = await reportReads(event);
	const units = await subtreeRollup(sql, programme, unitId);
	const paths = await unitPathsOf(
		sql,
		units.map((r) => r.unitId)
	);
	const rows = units.map((r) => ({ ...r, path: paths.get(r.unitId) ?? r.name }));
	const meta = {
		title: `${programme.title} · ${unitName}`,
		subtitle: m.report_generated({ at: formatStamp(new Date()) }),
		locale
	};
	return xlsxResponse(safeFilename(programme.title, unitName, m.report_sheet_units()), (out) =>
		writeTreeXlsx(out, meta, rows)
	);
};

// The people list as filtered on the page; large lists become a background job.
export const POST: RequestHandler = async (event) => {
	const { user, programme, unitId, path } = await reportTarget(event, event.params.unitId);
	const form = await event.request.formData();
	const query = { programme, unitId, ...peopleParams(form) };
	const locale = getLocale();
	const unitName = path.at(-1)?.name ?? '';
	const filename = safeFilename(programme.title, unitName, m.report_sheet_people());
	const meta = {
		title: `${programme.title} · ${unitName}`,
		subtitle: m.report_generated({ at: formatStamp(new Date()) }),
		locale
	};
	const { sql } = await reportReads(event);
	const total = await countPeople(sql, query);
	if (total > EXPORT_INLINE_MAX) {
		const id = await createExport(
			db(),
			user.id,
			{
				...meta,
				programmeId: programme.id,
				unitId,
				includeSub: query.includeSub,
				filter: query.filter,
				sort: query.sort,
				dir: query.dir,
				q: query.q
			},
			filename,
			total
		);
		await jobs().boss.send(REPORT_EXPORT, { id, after: lastWriteLsn(event.cookies) });
		redirect(303, `/reports/exports/${id}`);
	}
	return xlsxResponse(filename, (out) =>
		writePeopleXlsx(out, meta, figuredBatches(sql, programme.id, peopleCursor(sql, query)))
	);
};
