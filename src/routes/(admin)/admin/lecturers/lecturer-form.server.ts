// The lecturer form of /admin/lecturers/new and /admin/lecturers/[id]: read
// the fields and the photo, save through the pool module, turn refusals
// into messages in the UI language.
import { fail } from '@sveltejs/kit';
import * as limits from '$lib/api/limits';
import { m } from '$lib/paraglide/messages.js';
import { db } from '$lib/server/db';
import { saveLecturer, type LecturerFieldError, type LecturerInput } from '$lib/server/lecturers';

const mb = String(limits.megabytes(limits.lecturer.photo));

export function lecturerErrorMessage(e: LecturerFieldError): string {
	const max = String(e.params?.max ?? '');
	switch (e.code) {
		case 'required':
			return m.pool_err_required();
		case 'too_long':
			return e.field === 'topics'
				? m.pool_err_topic_too_long({ max })
				: m.pool_err_too_long({ max });
		case 'too_many':
			return m.pool_err_too_many({ max });
		case 'invalid':
			return m.pool_err_invalid();
		case 'unknown_user':
			return m.pool_err_unknown_user();
		case 'user_taken':
			return m.pool_err_user_taken();
		case 'bad_photo':
			return m.pool_err_bad_photo();
		case 'photo_too_large':
			return m.pool_err_photo_too_large({ mb });
	}
}

/** Saves the posted form (id null: create). Returns the saved id, or a 400 with every problem. */
export async function submitLecturer(request: Request, id: number | null) {
	const form = await request.formData();
	const text = (k: string, max = 4000) => String(form.get(k) ?? '').slice(0, max);
	const values: LecturerInput = {
		external: form.get('external') === '1',
		employeeNo: text('employeeNo', 100),
		name: text('name', 200),
		level: text('level', 20),
		organisation: text('organisation', 400),
		title: text('title', 400),
		topics: text('topics', limits.lecturer.topicsField * 2),
		bio: text('bio', limits.lecturer.bio * 2)
	};
	const file = form.get('photo');
	let photo: Uint8Array | null = null;
	const errors: Record<string, string> = {};
	if (file instanceof File && file.size > 0) {
		if (file.size > limits.lecturer.photo) errors.photo = m.pool_err_photo_too_large({ mb });
		else photo = new Uint8Array(await file.arrayBuffer());
	}
	const result = Object.keys(errors).length ? null : await saveLecturer(db(), id, values, photo);
	if (result && result.ok) return { ok: true as const, id: result.id };
	if (result) for (const e of result.errors) errors[e.field] ??= lecturerErrorMessage(e);
	if (result === null && !Object.keys(errors).length) return { ok: false as const, notFound: true };
	return { ok: false as const, failure: fail(400, { action: 'save' as const, errors, values }) };
}
