import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { ledger as limits } from '$lib/api/limits';
import { m } from '$lib/paraglide/messages.js';
import { guard } from '$lib/server/auth';
import { dayOf, orgZone } from '$lib/server/clock';
import { db } from '$lib/server/db';
import { uploadedFile } from '$lib/server/http/upload';
import * as audit from '$lib/server/audit';
import { importRecords } from '$lib/server/ledger/import';
import { entryErrorMessage, fieldLabel, type LabelKey } from '$lib/server/ledger';
import { fileErrorMessage } from '$lib/server/org/roster-import/messages';

/** Problems shown in the table (all are counted). */
const SHOW_ROWS = 500;

const COLUMN_LABEL = {
	employee_no: 'employee_no',
	day: 'day',
	kind: 'kind',
	hours: 'hours',
	note: 'note',
	title: 'title',
	organisation: 'organisation',
	place: 'place',
	starts_on: 'startsOn',
	ends_on: 'endsOn'
} as const satisfies Record<string, LabelKey>;

export const load: PageServerLoad = async (event) => {
	guard.requireRole(event, 'admin');
	return {};
};

export const actions: Actions = {
	default: async (event) => {
		const me = guard.requireRole(event, 'admin');
		const form = await event.request.formData();
		const upload = await uploadedFile(form, limits.importFile, {
			required: m.import_file_required,
			tooLarge: () =>
				fileErrorMessage({
					code: 'file_too_large',
					params: { maxMb: limits.importFile / 1024 / 1024 }
				})
		});
		if (!upload.ok) return fail(400, upload.failure);
		const { fileName, bytes } = upload;
		const result = await importRecords(db(), {
			bytes,
			fileName,
			today: dayOf(new Date()),
			zone: orgZone(),
			by: me.id
		});
		if (!result.ok)
			return fail(400, {
				fileName,
				fileErrors: result.fileErrors.map((e) => fileErrorMessage(e)),
				rowErrors: result.rowErrors.slice(0, SHOW_ROWS).map((e) => {
					const key = COLUMN_LABEL[e.column];
					return {
						row: e.row,
						column: fieldLabel(key),
						message: entryErrorMessage(key, e.code, e.params)
					};
				}),
				errorCount: result.fileErrors.length + result.rowErrors.length
			});
		await audit.record(db(), {
			actor: me,
			action: 'ledger.import',
			target: fileName,
			detail: { rows: result.rows, added: result.added, skipped: result.skipped },
			ip: event.getClientAddress()
		});
		return {
			fileName,
			summary: { rows: result.rows, added: result.added, skipped: result.skipped }
		};
	}
};
