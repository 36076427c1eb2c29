import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages.js';
import { db } from '$lib/server/db';
import { getCourse } from '$lib/server/courses';
import { bankTags, insertQuestions, validateQuestion } from '$lib/server/quiz/bank';
import { fieldMessages } from '$lib/server/quiz/bank/messages';
import { requireCourse } from '../../../teach.server';
import { readQuestionForm } from '../bank.server';

export const load: PageServerLoad = async (event) => {
	const { courseId } = await requireCourse(event);
	const [course, tags] = await Promise.all([getCourse(db(), courseId), bankTags(db(), courseId)]);
	return { course: { id: courseId, title: course!.title }, tags: tags.map((t) => t.tag) };
};

export const actions: Actions = {
	default: async (event) => {
		const { user, courseId } = await requireCourse(event);
		const { raw, values } = readQuestionForm(await event.request.formData());
		const checked = validateQuestion(raw);
		if (!checked.ok)
			return fail(400, {
				error: m.bank_form_invalid(),
				fields: fieldMessages(checked.errors),
				values
			});
		const [id] = await insertQuestions(db(), courseId, user.id, [checked.value]);
		redirect(303, `/teach/${courseId}/questions?created=${id}`);
	}
};
