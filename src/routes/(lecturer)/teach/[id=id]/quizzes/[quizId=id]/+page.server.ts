import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages.js';
import { db } from '$lib/server/db';
import { getCourse } from '$lib/server/courses';
import { checkQuizInput, setQuizStatus, updateQuiz } from '$lib/server/quiz';
import { text } from '../../../teach.server';
import {
	formChoices,
	formValues,
	quizFail,
	rawFromForm,
	requireQuiz,
	valuesFromRaw
} from '../quiz-form.server';

export const load: PageServerLoad = async (event) => {
	const { courseId, quiz } = await requireQuiz(event);
	const [course, choices] = await Promise.all([getCourse(db(), courseId), formChoices(courseId)]);
	return {
		course: { id: courseId, title: course!.title, published: course!.status === 'published' },
		quiz: { id: quiz.id, title: quiz.title, status: quiz.status },
		choices,
		values: formValues(quiz),
		created: event.url.searchParams.has('created')
	};
};

export const actions: Actions = {
	save: async (event) => {
		const { courseId, quiz } = await requireQuiz(event);
		const raw = rawFromForm(await event.request.formData());
		try {
			await updateQuiz(db(), courseId, quiz.id, checkQuizInput(raw));
		} catch (e) {
			return quizFail('save', e, valuesFromRaw(raw));
		}
		return { action: 'save', ok: m.quiz_saved() };
	},
	status: async (event) => {
		const { courseId, quiz } = await requireQuiz(event);
		const to = text(await event.request.formData(), 'to');
		try {
			await setQuizStatus(db(), courseId, quiz.id, to);
		} catch (e) {
			return quizFail('status', e);
		}
		return { action: 'status', ok: m.quiz_status_changed() };
	}
};
