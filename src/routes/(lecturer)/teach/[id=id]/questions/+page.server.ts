import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages.js';
import { db } from '$lib/server/db';
import { getCourse } from '$lib/server/courses';
import {
	bankTags,
	fixedQuizzesUsing,
	getQuestion,
	MAX_TAG,
	parseTags,
	searchQuestions,
	setArchived,
	tagQuestions
} from '$lib/server/quiz/bank';
import { parseId } from '$lib/api/ids';
import { requireCourse, text } from '../../teach.server';
import { lecturerQuestion, PAGE_SIZE, readFilters } from './bank.server';

export const load: PageServerLoad = async (event) => {
	const { courseId } = await requireCourse(event);
	const { filters, search } = readFilters(event.url);
	const [course, found, tags] = await Promise.all([
		getCourse(db(), courseId),
		searchQuestions(db(), courseId, search),
		bankTags(db(), courseId)
	]);
	return {
		course: { id: courseId, title: course!.title },
		filters,
		questions: found.rows.map(lecturerQuestion),
		total: found.total,
		pages: Math.max(1, Math.ceil(found.total / PAGE_SIZE)),
		tags
	};
};

export const actions: Actions = {
	archive: async (event) => {
		const { courseId } = await requireCourse(event);
		const form = await event.request.formData();
		const id = parseId(text(form, 'questionId'));
		const to = text(form, 'to');
		if (id === null || (to !== 'archive' && to !== 'restore'))
			return fail(400, { action: 'archive', error: m.bank_bad_request() });
		// ownership first: nothing about other courses' questions is told
		if (!(await getQuestion(db(), courseId, id)))
			return fail(404, { action: 'archive', error: m.bank_not_found() });
		if (to === 'archive') {
			const using = await fixedQuizzesUsing(db(), id);
			if (using.length)
				return fail(409, {
					action: 'archive',
					error: m.bank_err_in_quiz({ titles: using.map((z) => z.title).join('”“') })
				});
		}
		if (!(await setArchived(db(), courseId, id, to === 'archive')))
			return fail(404, { action: 'archive', error: m.bank_not_found() });
		return {
			action: 'archive',
			ok: to === 'archive' ? m.bank_archived_ok() : m.bank_restored_ok()
		};
	},

	tag: async (event) => {
		const { courseId } = await requireCourse(event);
		const form = await event.request.formData();
		const ids = form.getAll('ids').map((v) => parseId(typeof v === 'string' ? v : ''));
		const op = text(form, 'op');
		if (ids.some((id) => id === null) || ids.length > 500 || (op !== 'add' && op !== 'remove'))
			return fail(400, { action: 'tag', error: m.bank_bad_request() });
		if (ids.length === 0) return fail(400, { action: 'tag', error: m.bank_bulk_none() });
		const tags = parseTags(text(form, 'tag'));
		if (tags.length !== 1 || [...tags[0]].length > MAX_TAG)
			return fail(400, { action: 'tag', error: m.bank_bulk_bad_tag() });
		const tag = tags[0];
		const r = await tagQuestions(db(), courseId, ids as number[], tag, op === 'add');
		const done =
			op === 'add'
				? m.bank_bulk_added({ count: r.changed, tag })
				: m.bank_bulk_removed({ count: r.changed, tag });
		return { action: 'tag', ok: r.full ? `${done} ${m.bank_bulk_full({ count: r.full })}` : done };
	}
};
