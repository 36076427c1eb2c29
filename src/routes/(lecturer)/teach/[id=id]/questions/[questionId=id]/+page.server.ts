import { error, fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages.js';
import { db } from '$lib/server/db';
import { getCourse } from '$lib/server/courses';
import {
	bankTags,
	fixedQuizzesUsing,
	getQuestion,
	updateQuestion,
	validateQuestion
} from '$lib/server/quiz/bank';
import { fieldMessages } from '$lib/server/quiz/bank/messages';
import { requireCourse } from '../../../teach.server';
import { lecturerQuestion, questionIdOf, readQuestionForm } from '../bank.server';

export const load: PageServerLoad = async (event) => {
	const { courseId } = await requireCourse(event);
	const id = questionIdOf(event.params);
	const [course, q, tags] = await Promise.all([
		getCourse(db(), courseId),
		getQuestion(db(), courseId, id),
		bankTags(db(), courseId)
	]);
	if (!q) error(404, m.bank_not_found());
	const using = await fixedQuizzesUsing(db(), id);
	return {
		course: { id: courseId, title: course!.title },
		// true/false options are fixed: the form brings its own
		question: { ...lecturerQuestion(q), options: q.kind === 'truefalse' ? [] : q.options },
		tags: tags.map((t) => t.tag),
		usedIn: using.filter((z) => z.courseId === courseId).map((z) => z.title),
		usedElsewhere: using.filter((z) => z.courseId !== courseId).length
	};
};

export const actions: Actions = {
	default: async (event) => {
		const { courseId } = await requireCourse(event);
		const id = questionIdOf(event.params);
		const { raw, values } = readQuestionForm(await event.request.formData());
		const checked = validateQuestion(raw);
		if (!checked.ok)
			return fail(400, {
				error: m.bank_form_invalid(),
				fields: fieldMessages(checked.errors),
				values
			});
		if (!(await getQuestion(db(), courseId, id))) error(404, m.bank_not_found());
		if (!checked.value.shared) {
			// other courses' fixed quizzes may only use it while it is shared
			const elsewhere = (await fixedQuizzesUsing(db(), id)).filter((z) => z.courseId !== courseId);
			if (elsewhere.length)
				return fail(409, {
					error: m.bank_err_shared_in_use({ titles: elsewhere.map((z) => z.title).join('”“') }),
					fields: {},
					values
				});
		}
		if (!(await updateQuestion(db(), courseId, id, checked.value))) error(404, m.bank_not_found());
		return { ok: m.bank_saved() };
	}
};
