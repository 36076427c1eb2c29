import type { RequestHandler } from './$types';
import { m } from '$lib/paraglide/messages.js';
import { getLocale } from '$lib/paraglide/runtime';
import { db } from '$lib/server/db';
import { personBatches, unitRows } from '$lib/server/live/attendance-report';
import { writeAttendanceXlsx } from '$lib/server/live/attendance-xlsx';
import { safeFilename, xlsxResponse } from '$lib/server/reports/export/respond';
import { loadAccess } from '../attendance.server';

export const GET: RequestHandler = async (event) => {
	const { access, unitId } = await loadAccess(event);
	const sql = db();
	const units = await unitRows(sql, access, unitId);
	const [unit] = unitId === null ? [] : await sql`select name from org_units where id = ${unitId}`;
	const locale = getLocale();
	const title = m.room_att_title({ title: access.session.title }, { locale });
	const meta = { title, subtitle: unit?.name ?? m.room_att_all_units({}, { locale }), locale };
	return xlsxResponse(safeFilename(title, unit?.name ?? ''), (out) =>
		writeAttendanceXlsx(out, meta, units, personBatches(sql, access, unitId))
	);
};
