import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages.js';
import { db } from '$lib/server/db';
import { getCourse } from '$lib/server/courses';
import { bankTags, searchQuestions, setArchived } from '$lib/server/quiz/bank';
import { parseId, requireCourse, text } from '../../teach.server';
import { PAGE_SIZE, readFilters } from './bank.server';

export const load: PageServerLoad = async (event) => {
	const { courseId } = await requireCourse(event);
	const { filters, search } = readFilters(event.url);
	const [course, found, tags] = await Promise.all([getCourse(db(), courseId), searchQuestions(db(), courseId, search), bankTags(db(), courseId)]);
	return {
		course: { id: courseId, title: course!.title },
		filters,
		// the lecturer's own bank: the key is shown to them on purpose
		questions: found.rows.map((q) => ({
			id: q.id,
			kind: q.kind,
			stem: q.stem,
			options: q.options,
			answer: q.answer,
			explanation: q.explanation,
			tags: q.tags,
			difficulty: q.difficulty,
			shared: q.shared,
			archived: q.archived
		})),
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
		if (id === null || (to !== 'archive' && to !== 'restore')) return fail(400, { action: 'archive', error: m.bank_bad_request() });
		if (!(await setArchived(db(), courseId, id, to === 'archive'))) return fail(404, { action: 'archive', error: m.bank_not_found() });
		return { action: 'archive', ok: to === 'archive' ? m.bank_archived_ok() : m.bank_restored_ok() };
	}
};
