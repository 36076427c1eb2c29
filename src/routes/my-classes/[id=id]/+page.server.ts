import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages.js';
import { db } from '$lib/server/db';
import { myMenu } from '$lib/server/classes/trainee';
import { certificateOf } from '$lib/server/classes/certificates';
import { evaluate } from '$lib/server/classes/evaluations';
import { classes as limits } from '$lib/api/limits';
import { parseId } from '$lib/api/ids';
import { attempt, field } from '../../classes/class.server';
import { requireTrainee } from '../trainee.server';

export const load: PageServerLoad = async (event) => {
	const { user, cls } = await requireTrainee(event);
	const [sessions, cert] = await Promise.all([
		myMenu(db(), cls.id, user.id),
		certificateOf(db(), cls.id, user.id)
	]);
	return { cls, sessions, certificate: cert && { serial: cert.cert.serial, path: cert.path } };
};

export const actions: Actions = {
	rate: async (event) => {
		const { user, cls } = await requireTrainee(event);
		const form = await event.request.formData();
		const sessionId = parseId(field(form, 'sessionId'));
		const score = Number(field(form, 'score'));
		const comment = field(form, 'comment');
		const lecturerRaw = field(form, 'lecturerScore');
		const lecturerScore = lecturerRaw === '' ? null : Number(lecturerRaw);
		if (sessionId === null) return fail(400, { sessionId: 0, error: m.class_err_not_found() });
		const [own] =
			await db()`select 1 from class_sessions where id = ${sessionId} and class_id = ${cls.id}`;
		if (!own) return fail(400, { sessionId, error: m.class_err_not_found() });
		if (comment.length > limits.comment)
			return fail(400, { sessionId, error: m.classes_err_comment({ max: limits.comment }) });
		const out = await attempt('rate', async () => {
			await evaluate(db(), {
				userId: user.id,
				sessionId,
				sessionScore: score,
				lecturerScore,
				comment
			});
			return { sessionId, ok: m.classes_rated() };
		});
		return 'ok' in out ? out : fail(400, { sessionId, error: out.data.error });
	}
};
