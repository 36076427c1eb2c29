import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages.js';
import { db } from '$lib/server/db';
import { placeOptions, setStatus, type ClassStatus } from '$lib/server/classes/classes';
import { categories, updateClass } from '$lib/server/classes/manage';
import { parseClassForm } from '$lib/server/classes/forms';
import { finishClass } from '$lib/server/classes/completion';
import { evaluationResults } from '$lib/server/classes/evaluations';
import { attempt, field, requireManagedClass } from '../class.server';

export const load: PageServerLoad = async (event) => {
	const { cls } = await requireManagedClass(event);
	const sql = db();
	const [cats, places, results, counts] = await Promise.all([
		categories(sql),
		placeOptions(sql),
		evaluationResults(sql, cls.id),
		sql`select count(*) filter (where status = 'waitlisted')::int as waiting,
				count(*) filter (where completed_at is not null)::int as completed
			from class_enrolments where class_id = ${cls.id}`.then((r) => r[0])
	]);
	return {
		cls,
		categories: cats,
		sites: places.sites,
		results,
		waiting: counts.waiting as number,
		completed: counts.completed as number
	};
};

const STATUSES: ClassStatus[] = ['planning', 'enrolling', 'running'];

export const actions: Actions = {
	edit: async (event) => {
		const { cls } = await requireManagedClass(event);
		const parsed = parseClassForm(await event.request.formData(), cls.organiserUnitId);
		if (!parsed.ok) return fail(400, { action: 'edit', error: parsed.error });
		return attempt('edit', async () => {
			await updateClass(db(), cls.id, parsed.value);
			return { action: 'edit', ok: m.classes_saved() };
		});
	},
	status: async (event) => {
		const { cls } = await requireManagedClass(event);
		const status = field(await event.request.formData(), 'status') as ClassStatus;
		if (!STATUSES.includes(status))
			return fail(400, { action: 'status', error: m.classes_err_status() });
		return attempt('status', async () => {
			await setStatus(db(), cls.id, status);
			return { action: 'status', ok: m.classes_saved() };
		});
	},
	finish: async (event) => {
		const { cls } = await requireManagedClass(event);
		return attempt('finish', async () => {
			const out = await finishClass(db(), cls.id);
			return {
				action: 'finish',
				ok: m.classes_finished_notice({
					completed: out.completed.length,
					not: out.notCompleted.length,
					hours: String(out.hours)
				})
			};
		});
	}
};
