import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { guard } from '$lib/server/auth';
import { db } from '$lib/server/db';
import { canViewLesson, getCourse, lessonExtras, listLessons } from '$lib/server/courses';
import { posterUrl, signedMasterUrl } from '$lib/server/media';
import { lessonProgress } from '$lib/server/progress';
import { m } from '$lib/paraglide/messages.js';

/** Close enough to the end that resuming there would show nothing: start over. */
const END_SLACK_S = 5;

export const load: PageServerLoad = async (event) => {
	const user = guard.requireUser(event);
	const courseId = Number(event.params.id);
	const lessonId = Number(event.params.lessonId);
	const valid = /^\d{1,10}$/.test(event.params.id) && /^\d{1,10}$/.test(event.params.lessonId);
	const access = valid ? await canViewLesson(db(), user, lessonId) : null;
	// Unknown, not visible, or under another course: the same answer, so nothing leaks.
	if (!access || access.courseId !== courseId) error(404, m.player_lesson_not_found());

	const [course, lessons, extras, progress] = await Promise.all([
		getCourse(db(), courseId),
		listLessons(db(), courseId),
		lessonExtras(db(), lessonId),
		lessonProgress(db(), user.id, courseId)
	]);
	const index = lessons.findIndex((l) => l.id === lessonId);
	if (!course || index < 0 || !extras) error(404, m.player_lesson_not_found());
	const lesson = lessons[index];
	const mine = progress.find((p) => p.lessonId === lessonId);
	const byLesson = new Map(progress.map((p) => [p.lessonId, p]));

	const ready = lesson.mediaId !== null && lesson.mediaStatus === 'ready';
	const duration = lesson.durationSeconds ?? 0;
	const position = mine?.position ?? 0;
	return {
		course: {
			id: course.id,
			title: course.title,
			maxRate: course.maxCreditedRate,
			status: course.status
		},
		lesson: { id: lesson.id, title: lesson.title, number: index + 1, duration },
		media: ready
			? {
					masterUrl: signedMasterUrl(lesson.mediaId!, user.id),
					posterUrl: posterUrl(lesson.mediaId!, user.id),
					captions: extras.captions
				}
			: null,
		mediaStatus: lesson.mediaId ? lesson.mediaStatus : null,
		resumeAt: duration && position < duration - END_SLACK_S ? position : 0,
		coverage: mine?.coverage ?? 0,
		completed: mine?.completed ?? false,
		// The browser's data saver (Chromium sends it; the Network Information API says so too where present).
		saveData: event.request.headers.get('save-data')?.toLowerCase() === 'on',
		readingHtml: extras.readingHtml,
		pdfUrl: extras.pdfUrl,
		lessons: lessons.map((l, i) => ({
			id: l.id,
			title: l.title,
			number: i + 1,
			coverage: byLesson.get(l.id)?.coverage ?? 0,
			completed: byLesson.get(l.id)?.completed ?? false
		})),
		prev: index > 0 ? { id: lessons[index - 1].id, title: lessons[index - 1].title } : null,
		next:
			index < lessons.length - 1
				? { id: lessons[index + 1].id, title: lessons[index + 1].title }
				: null
	};
};
