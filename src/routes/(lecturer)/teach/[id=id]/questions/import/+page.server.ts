import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages.js';
import { db } from '$lib/server/db';
import { getCourse } from '$lib/server/courses';
import { uploadedFile } from '$lib/server/http/upload';
import { importBank, MAX_FILE_BYTES } from '$lib/server/quiz/bank';
import { columnLabel, fileErrorMessage, problemMessage } from '$lib/server/quiz/bank/messages';
import { requireCourse } from '../../../teach.server';

/** Problems shown in the table (all are counted; a file full of mistakes needs only the first ones). */
const SHOW_ROWS = 300;

export const load: PageServerLoad = async (event) => {
	const { courseId } = await requireCourse(event);
	const course = await getCourse(db(), courseId);
	return { course: { id: courseId, title: course!.title } };
};

export const actions: Actions = {
	default: async (event) => {
		const { user, courseId } = await requireCourse(event);
		const form = await event.request.formData();
		const upload = await uploadedFile(form, MAX_FILE_BYTES, {
			required: m.bank_file_required,
			tooLarge: () =>
				fileErrorMessage({
					code: 'file_too_large',
					params: { maxMb: MAX_FILE_BYTES / 1024 / 1024 }
				})
		});
		if (!upload.ok) return fail(400, upload.failure);
		const { fileName, bytes } = upload;
		const result = await importBank(db(), courseId, user.id, {
			bytes,
			fileName,
			shared: form.get('shared') === 'on'
		});
		if (!result.ok) {
			return fail(400, {
				fileName,
				fileErrors: result.fileError ? [fileErrorMessage(result.fileError)] : [],
				rowErrors: result.rowErrors
					.slice(0, SHOW_ROWS)
					.map((e) => ({ row: e.row, column: columnLabel(e.column), message: problemMessage(e) })),
				errorCount: (result.fileError ? 1 : 0) + result.rowErrors.length
			});
		}
		const skipped = result.skippedRows;
		const rows = skipped.slice(0, 20).join('、') + (skipped.length > 20 ? '…' : '');
		return {
			fileName,
			imported: result.ids.length,
			skipped: skipped.length ? m.bank_import_skipped({ count: skipped.length, rows }) : ''
		};
	}
};
