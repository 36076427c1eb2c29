import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages.js';
import * as audit from '$lib/server/audit';
import { guard } from '$lib/server/auth';
import { db } from '$lib/server/db';
import { uploadedFile } from '$lib/server/http/upload';
import { importRoster, MAX_FILE_BYTES } from '$lib/server/org/roster-import';
import {
	columnLabel,
	fileErrorMessage,
	rowErrorMessage
} from '$lib/server/org/roster-import/messages';

/** Problems shown in the table (all are counted; a file full of mistakes needs only the first ones). */
const SHOW_ROWS = 500;

export const load: PageServerLoad = async (event) => {
	guard.requireRole(event, 'admin');
	return {};
};

export const actions: Actions = {
	default: async (event) => {
		const me = guard.requireRole(event, 'admin');
		const form = await event.request.formData();
		const initialPassword = String(form.get('initialPassword') ?? '');
		const upload = await uploadedFile(form, MAX_FILE_BYTES, {
			required: m.import_file_required,
			tooLarge: () =>
				fileErrorMessage({
					code: 'file_too_large',
					params: { maxMb: MAX_FILE_BYTES / 1024 / 1024 }
				})
		});
		if (!upload.ok) return fail(400, upload.failure);
		const { fileName, bytes } = upload;
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
		await audit.record(db(), {
			actor: me,
			action: 'roster.import',
			target: fileName,
			detail: {
				rows: result.rows,
				inserted: result.inserted,
				updated: result.updated,
				unchanged: result.unchanged
			},
			ip: event.getClientAddress()
		});
		return {
			fileName,
			summary: {
				rows: result.rows,
				inserted: result.inserted,
				updated: result.updated,
				unchanged: result.unchanged
			}
		};
	}
};
