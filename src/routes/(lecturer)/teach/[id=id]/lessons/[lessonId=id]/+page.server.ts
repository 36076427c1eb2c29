import { error } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages.js';
import { db } from '$lib/server/db';
import {
	captionUrl,
	getCourse,
	getLesson,
	listCaptions,
	readingOf,
	readingPdfUrl,
	removeCaption,
	removeReadingPdf,
	renameLesson,
	sanitizeReading,
	setCaption,
	setReadingHtml,
	setReadingPdf,
	CAPTION_LANG
} from '$lib/server/courses';
import { mediaLabel } from '../../../media-label.server';
import { signedMasterUrl } from '$lib/server/media/signing';
import { attempt, badRequest, requireLesson, text } from '../../../teach.server';

export const load: PageServerLoad = async (event) => {
	const { user, courseId, lessonId } = await requireLesson(event);
	const [course, lesson, reading, captions] = await Promise.all([
		getCourse(db(), courseId),
		getLesson(db(), lessonId),
		readingOf(db(), lessonId),
		listCaptions(db(), lessonId)
	]);
	if (!course || !lesson || !reading) error(404, m.course_err_lesson_not_found());
	return {
		course: { id: course.id, title: course.title },
		lesson: {
			id: lesson.id,
			title: lesson.title,
			number: lesson.position + 1,
			media: mediaLabel(lesson),
			mediaStatus: lesson.mediaStatus
		},
		asset:
			lesson.mediaId && lesson.mediaStatus
				? {
						id: lesson.mediaId,
						status: lesson.mediaStatus,
						progress: lesson.mediaProgress ?? 0,
						error: lesson.mediaError,
						previewUrl:
							lesson.mediaStatus === 'ready' ? signedMasterUrl(lesson.mediaId, user.id) : null
					}
				: null,
		// Stored sanitised; sanitised again here so the preview can never carry anything else.
		readingHtml: sanitizeReading(reading.html),
		pdfUrl: reading.hasPdf ? readingPdfUrl(courseId, lessonId) : null,
		captions: captions.map((c) => ({ ...c, url: captionUrl(courseId, lessonId, c.lang) }))
	};
};

export const actions: Actions = {
	rename: async (event) => {
		const { courseId, lessonId } = await requireLesson(event);
		const values = { title: text(await event.request.formData(), 'title') };
		return attempt('rename', values, async () => {
			await renameLesson(db(), courseId, lessonId, values.title);
			return { action: 'rename', ok: m.course_renamed() };
		});
	},

	reading: async (event) => {
		const { lessonId } = await requireLesson(event);
		const values = { html: text(await event.request.formData(), 'html') };
		return attempt('reading', values, async () => {
			await setReadingHtml(db(), lessonId, values.html);
			return { action: 'reading', ok: m.course_reading_saved() };
		});
	},

	pdf: async (event) => {
		const { lessonId } = await requireLesson(event);
		const form = await event.request.formData();
		return attempt('pdf', {}, async () => {
			await setReadingPdf(db(), lessonId, form.get('pdf'));
			return { action: 'pdf', ok: m.course_reading_pdf_saved() };
		});
	},

	removePdf: async (event) => {
		const { lessonId } = await requireLesson(event);
		return attempt('pdf', {}, async () => {
			await removeReadingPdf(db(), lessonId);
			return { action: 'pdf', ok: m.course_reading_pdf_saved() };
		});
	},

	caption: async (event) => {
		const { lessonId } = await requireLesson(event);
		const form = await event.request.formData();
		const values = { lang: text(form, 'lang'), label: text(form, 'label') };
		return attempt('captions', values, async () => {
			await setCaption(db(), lessonId, { ...values, file: form.get('vtt') });
			return { action: 'captions', ok: m.course_caption_saved() };
		});
	},

	removeCaption: async (event) => {
		const { lessonId } = await requireLesson(event);
		const lang = text(await event.request.formData(), 'lang');
		if (!CAPTION_LANG.test(lang)) return badRequest('captions');
		await removeCaption(db(), lessonId, lang);
		return { action: 'captions', ok: m.course_caption_saved() };
	}
};
