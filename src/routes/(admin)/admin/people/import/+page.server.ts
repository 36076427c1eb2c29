import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages.js';
import { guard } from '$lib/server/auth';
import { db } from '$lib/server/db';
import { importRoster, MAX_FILE_BYTES } from '$lib/server/org/roster-import';
import { columnLabel, fileErrorMessage, rowErrorMessage } from '$lib/server/org/roster-import/messages';

/** Problems shown in the table (all are counted; a file full of mistakes needs only the first ones). */
const SHOW_ROWS = 500;

export const load: PageServerLoad = async (event) => {
	guard.requireRole(event, 'admin');
	return {};
};

export const actions: Actions = {
	default: async (event) => {
		guard.requireRole(event, 'admin');
		const form = await event.request.formData();
		const file = form.get('file');
		const initialPassword = String(form.get('initialPassword') ?? '');
		if (!(file instanceof File) || (file.size === 0 && !file.name)) {
			return fail(400, { fileErrors: [m.import_file_required()], rowErrors: [], errorCount: 1, fileName: '' });
		}
		const fileName = file.name.slice(0, 200);
		if (file.size > MAX_FILE_BYTES) {
			const msg = fileErrorMessage({ code: 'file_too_large', params: { maxMb: MAX_FILE_BYTES / 1024 / 1024 } });
			return fail(400, { fileErrors: [msg], rowErrors: [], errorCount: 1, fileName });
		}
		const bytes = new Uint8Array(await file.arrayBuffer());
		const result = await importRoster(db(), { bytes, fileName, initialPassword });
		if (!result.ok) {
			return fail(400, {
				fileName,
				fileErrors: result.fileErrors.map((e) => fileErrorMessage(e)),
				rowErrors: result.rowErrors.slice(0, SHOW_ROWS).map((e) => ({
					row: e.row,
					column: columnLabel(e.column),
					message: rowErrorMessage(e)
				})),
				errorCount: result.fileErrors.length + result.rowErrors.length
			});
		}
		return {
			fileName,
			summary: { rows: result.rows, inserted: result.inserted, updated: result.updated, unchanged: result.unchanged }
		};
	}
};
