// The trainee's phone check-in: the room's rotating QR code read by the
// camera (or opened from the phone's own camera app as ?t=…), or the typed
// six-digit code beside it.
import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages.js';
import { db } from '$lib/server/db';
import { checkIn } from '$lib/server/classes/attendance';
import { currentSession, myMenu } from '$lib/server/classes/trainee';
import { attendanceLabelServer } from '$lib/server/classes/labels';
import { parseId } from '$lib/api/ids';
import { attempt, field } from '../../../classes/class.server';
import { requireTrainee } from '../../trainee.server';

export const load: PageServerLoad = async (event) => {
	const { user, cls } = await requireTrainee(event);
	const sessions = await myMenu(db(), cls.id, user.id);
	const pick = parseId(event.url.searchParams.get('session'));
	const current = sessions.find((s) => s.id === pick) ?? currentSession(sessions);
	return {
		cls: { id: cls.id, title: cls.title, status: cls.status, enrolment: cls.enrolment },
		sessions: sessions.map((s) => ({
			id: s.id,
			topic: s.topic,
			startsAt: s.startsAt,
			attendance: s.attendance
		})),
		currentId: current?.id ?? null,
		token: (event.url.searchParams.get('t') ?? '').slice(0, 200)
	};
};

export const actions: Actions = {
	default: async (event) => {
		const { user, cls } = await requireTrainee(event);
		const form = await event.request.formData();
		const qr = field(form, 'qr').slice(0, 500);
		const typed = field(form, 'typed');
		const sessionId = parseId(field(form, 'sessionId')) ?? undefined;
		if (!qr && !/^\d{6}$/.test(typed)) return fail(400, { error: m.classes_err_typed() });
		if (!qr && sessionId === undefined) return fail(400, { error: m.classes_err_pick_session() });
		return attempt('checkin', async () => {
			const r = await checkIn(db(), {
				userId: user.id,
				classId: cls.id,
				sessionId,
				...(qr ? { qr } : { typed })
			});
			const [s] = await db()`select topic from class_sessions where id = ${r.sessionId}`;
			return {
				ok: m.classes_checked_in({ topic: s.topic, status: attendanceLabelServer(r.status) }),
				sessionId: r.sessionId
			};
		});
	}
};
