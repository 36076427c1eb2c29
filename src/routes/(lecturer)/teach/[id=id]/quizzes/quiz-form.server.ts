// Shared by the quiz pages of a course: the guard (lecturer of this course and
// the quiz belongs to it), the form → RawQuiz, and what the form needs to show.
import { error, fail, type RequestEvent } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages.js';
import { db } from '$lib/server/db';
import { listLessons } from '$lib/server/courses';
import {
	getQuiz,
	poolQuestions,
	QuizError,
	quizErrorMessage,
	toBeijingInput,
	type Quiz,
	type RawQuiz
} from '$lib/server/quiz';
import { parseId } from '$lib/api/ids';
import { requireCourse, text } from '../../teach.server';

type Event = RequestEvent<{ id: string; quizId?: string }>;

export async function requireQuiz(event: Event) {
	const { user, courseId } = await requireCourse(event as RequestEvent<{ id: string }>);
	const quizId = parseId(event.params.quizId);
	const quiz = quizId === null ? null : await getQuiz(db(), quizId, courseId);
	if (!quiz) error(404, m.quiz_err_not_found());
	return { user, courseId, quiz };
}

export function rawFromForm(form: FormData): RawQuiz {
	const all = (name: string) => form.getAll(name).map((v) => (typeof v === 'string' ? v : ''));
	const kinds = all('rule_kind');
	const tags = all('rule_tag');
	const counts = all('rule_count');
	const points = all('rule_points');
	return {
		title: text(form, 'title'),
		mode: text(form, 'mode'),
		timeLimitMinutes: text(form, 'timeLimitMinutes'),
		maxAttempts: text(form, 'maxAttempts'),
		passPercent: text(form, 'passPercent'),
		resultsPolicy: text(form, 'resultsPolicy'),
		partialCredit: form.has('partialCredit'),
		shuffleQuestions: form.has('shuffleQuestions'),
		shuffleOptions: form.has('shuffleOptions'),
		required: form.has('required'),
		opensAt: text(form, 'opensAt'),
		closesAt: text(form, 'closesAt'),
		lessonId: text(form, 'lessonId'),
		rules: kinds.map((kind, i) => ({
			kind,
			tag: tags[i] ?? '',
			count: counts[i] ?? '',
			points: points[i] ?? ''
		})),
		questions: all('question').map((id) => ({ questionId: id, points: text(form, `points_${id}`) }))
	};
}

/** The form's values for a quiz (or the defaults of a new one). */
export function formValues(q: Quiz | null) {
	return {
		title: q?.title ?? '',
		mode: q?.mode ?? 'random',
		timeLimitMinutes: q?.timeLimitSeconds ? String(q.timeLimitSeconds / 60) : '',
		maxAttempts: q ? (q.maxAttempts === null ? '' : String(q.maxAttempts)) : '3',
		passPercent: String(q?.passPercent ?? 60),
		resultsPolicy: q?.resultsPolicy ?? 'after_submit',
		partialCredit: q?.partialCredit ?? false,
		shuffleQuestions: q?.shuffleQuestions ?? true,
		shuffleOptions: q?.shuffleOptions ?? true,
		required: q?.required ?? true,
		opensAt: toBeijingInput(q?.opensAt ?? null),
		closesAt: toBeijingInput(q?.closesAt ?? null),
		lessonId: q?.lessonId ? String(q.lessonId) : '',
		rules: q?.rules.length
			? q.rules.map((r) => ({
					kind: r.kind,
					tag: r.tag ?? '',
					count: String(r.count),
					points: String(r.points)
				}))
			: [
					{ kind: 'single', tag: '', count: '', points: '1' },
					{ kind: 'multiple', tag: '', count: '', points: '1' },
					{ kind: 'truefalse', tag: '', count: '', points: '1' }
				],
		questions: Object.fromEntries(
			(q?.questions ?? []).map((x) => [String(x.questionId), String(x.points)])
		)
	};
}

export type FormValues = ReturnType<typeof formValues>;

/** Values echoed back after a refused save (so nothing typed is lost). */
export function valuesFromRaw(raw: RawQuiz): FormValues {
	return {
		...raw,
		mode: raw.mode === 'fixed' ? 'fixed' : 'random',
		resultsPolicy: raw.resultsPolicy as FormValues['resultsPolicy'],
		rules: raw.rules.map((r) => ({ ...r, kind: r.kind as FormValues['rules'][number]['kind'] })),
		questions: Object.fromEntries(raw.questions.map((q) => [q.questionId, q.points]))
	};
}

/** Lessons and the usable bank (stems, kinds, tags) for the form. */
export async function formChoices(courseId: number) {
	const [lessons, pool] = await Promise.all([
		listLessons(db(), courseId),
		poolQuestions(db(), courseId)
	]);
	const tags = [...new Set(pool.flatMap((q) => q.tags))].sort();
	const counts = { single: 0, multiple: 0, truefalse: 0 };
	for (const q of pool) counts[q.kind]++;
	return {
		lessons: lessons.map((l) => ({ id: l.id, title: l.title })),
		// The lecturer's own page: stems and kinds only (the key is not needed to pick questions).
		bank: pool.map((q) => ({ id: q.id, kind: q.kind, stem: q.stem, tags: q.tags })),
		tags,
		counts
	};
}

export function quizFail(action: string, e: unknown, values?: FormValues) {
	if (e instanceof QuizError)
		return fail(e.status >= 500 ? 400 : Math.min(e.status, 422), {
			action,
			error: quizErrorMessage(e),
			values
		});
	throw e;
}
