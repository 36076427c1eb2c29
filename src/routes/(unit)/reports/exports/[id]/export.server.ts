import { error, type RequestEvent } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages.js';
import { db } from '$lib/server/db';
import { getExport } from '$lib/server/reports/export/jobs';
import { requireReportViewer } from '../../report.server';

/** The requester's own, unexpired export; 404 for anyone else's. */
export async function ownExport(event: RequestEvent) {
	const user = requireReportViewer(event);
	const row = await getExport(db(), user.id, event.params.id ?? '');
	if (!row) error(404, m.error_not_found());
	return row;
}

export function wire(row: Awaited<ReturnType<typeof ownExport>>) {
	return {
		id: row.id,
		status: row.status,
		rowsDone: row.rowsDone,
		rowsTotal: row.rowsTotal,
		error: row.error,
		filename: row.filename
	};
}
