import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { getCourse } from '$lib/server/courses';
import { checkQuizInput, createQuiz } from '$lib/server/quiz';
import { requireCourse } from '../../../teach.server';
import { formChoices, formValues, quizFail, rawFromForm, valuesFromRaw } from '../quiz-form.server';

export const load: PageServerLoad = async (event) => {
	const { courseId } = await requireCourse(event);
	const [course, choices] = await Promise.all([getCourse(db(), courseId), formChoices(courseId)]);
	return { course: { id: courseId, title: course!.title }, choices, values: formValues(null) };
};

export const actions: Actions = {
	default: async (event) => {
		const { user, courseId } = await requireCourse(event);
		const raw = rawFromForm(await event.request.formData());
		let quizId: number;
		try {
			quizId = await createQuiz(db(), courseId, user.id, checkQuizInput(raw));
		} catch (e) {
			return quizFail('save', e, valuesFromRaw(raw));
		}
		redirect(303, `/teach/${courseId}/quizzes/${quizId}?created=1`);
	}
};
