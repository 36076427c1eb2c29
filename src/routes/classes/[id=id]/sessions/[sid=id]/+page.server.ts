import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages.js';
import { db } from '$lib/server/db';
import { attendanceSheet, markManual, type AttendanceStatus } from '$lib/server/classes/attendance';
import { parseId } from '$lib/api/ids';
import { attempt, field } from '../../../class.server';
import { requireManagedSession } from '../../session.server';

export const load: PageServerLoad = async (event) => {
	const { cls, session } = await requireManagedSession(event);
	return { cls, session, sheet: await attendanceSheet(db(), cls.id, session.id) };
};

const STATUSES: AttendanceStatus[] = ['present', 'late', 'excused', 'absent'];

export const actions: Actions = {
	mark: async (event) => {
		const { user, cls, session } = await requireManagedSession(event);
		const form = await event.request.formData();
		const userId = parseId(field(form, 'userId'));
		const status = field(form, 'status') as AttendanceStatus;
		if (userId === null || !STATUSES.includes(status))
			return fail(400, { action: 'mark', error: m.classes_err_status() });
		return attempt('mark', async () => {
			await markManual(db(), {
				classId: cls.id,
				sessionId: session.id,
				userId,
				status,
				by: user.id
			});
			return { action: 'mark', ok: m.classes_saved() };
		});
	}
};
