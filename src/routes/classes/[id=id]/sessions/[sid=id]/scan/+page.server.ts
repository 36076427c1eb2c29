// The organiser's phone scans each trainee's personal code (一人一码).
import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages.js';
import { db } from '$lib/server/db';
import { markByPersonalCode } from '$lib/server/classes/attendance';
import { attendanceLabelServer } from '$lib/server/classes/labels';
import { attempt, field } from '../../../../class.server';
import { requireManagedSession } from '../../../session.server';

export const load: PageServerLoad = async (event) => {
	const { cls, session } = await requireManagedSession(event);
	return { cls: { id: cls.id, title: cls.title }, session };
};

export const actions: Actions = {
	default: async (event) => {
		const { user, cls, session } = await requireManagedSession(event);
		const code = field(await event.request.formData(), 'code').slice(0, 200);
		if (!code) return fail(400, { error: m.class_err_code_invalid() });
		return attempt('scan', async () => {
			const r = await markByPersonalCode(db(), {
				classId: cls.id,
				sessionId: session.id,
				code,
				by: user.id
			});
			return {
				ok: m.classes_scan_marked({ name: r.name, status: attendanceLabelServer(r.status) })
			};
		});
	}
};
