import * as limits from '$lib/api/limits';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages.js';
import { guard } from '$lib/server/auth';
import { db } from '$lib/server/db';
import {
	addLecturer,
	addLesson,
	categoryOptions,
	coverUrl,
	deleteLesson,
	findLecturers,
	formatDuration,
	getCourse,
	listLessons,
	moveLesson,
	removeCover,
	removeLecturer,
	setCover,
	setStatus,
	statusLabel,
	updateCourse,
	updateSettings
} from '$lib/server/courses';
import { mediaLabel } from '../media-label.server';
import { parseId } from '$lib/api/ids';
import { attempt, badRequest, requireCourse, text } from '../teach.server';

export const load: PageServerLoad = async (event) => {
	const { user, courseId } = await requireCourse(event);
	const [course, lessons] = await Promise.all([
		getCourse(db(), courseId),
		listLessons(db(), courseId)
	]);
	const isAdmin = guard.hasRole(user, 'admin');
	const lq = isAdmin
		? (event.url.searchParams.get('lq') ?? '').trim().slice(0, limits.search.text)
		: '';
	const hits = lq ? await findLecturers(db(), lq) : null;
	const c = course!; // requireCourse checked it exists
	return {
		course: {
			...c,
			statusLabel: statusLabel(c.status),
			coverUrl: c.hasCover ? coverUrl(c.id, c.updatedAt) : null
		},
		lessons: lessons.map((l) => ({
			id: l.id,
			title: l.title,
			position: l.position,
			ready: l.mediaStatus === 'ready',
			media: mediaLabel(l),
			duration: l.durationSeconds ? formatDuration(l.durationSeconds) : null
		})),
		categories: categoryOptions(),
		isAdmin,
		lq,
		hits: hits?.filter((h) => !c.lecturers.some((l) => l.id === h.id)) ?? null
	};
};

export const actions: Actions = {
	details: async (event) => {
		const { courseId } = await requireCourse(event);
		const form = await event.request.formData();
		const values = {
			title: text(form, 'title'),
			description: text(form, 'description'),
			category: text(form, 'category')
		};
		return attempt('details', values, async () => {
			await updateCourse(db(), courseId, values);
			return { action: 'details', ok: m.course_saved() };
		});
	},

	settings: async (event) => {
		const { courseId } = await requireCourse(event);
		const form = await event.request.formData();
		const values = {
			completionRatio: text(form, 'completionRatio'),
			maxCreditedRate: text(form, 'maxCreditedRate'),
			presenceCheck: text(form, 'presenceCheck')
		};
		return attempt('settings', values, async () => {
			await updateSettings(db(), courseId, values);
			return { action: 'settings', ok: m.course_saved() };
		});
	},

	status: async (event) => {
		const { courseId } = await requireCourse(event);
		const form = await event.request.formData();
		if (text(form, 'confirm') !== 'yes') return badRequest('status');
		return attempt('status', {}, async () => {
			const status = await setStatus(db(), courseId, text(form, 'to'));
			return { action: 'status', ok: m.course_status_changed({ status: statusLabel(status) }) };
		});
	},

	cover: async (event) => {
		const { courseId } = await requireCourse(event);
		const form = await event.request.formData();
		return attempt('cover', {}, async () => {
			await setCover(db(), courseId, form.get('cover'));
			return { action: 'cover', ok: m.course_cover_saved() };
		});
	},

	removeCover: async (event) => {
		const { courseId } = await requireCourse(event);
		await removeCover(db(), courseId);
		return { action: 'cover', ok: m.course_cover_saved() };
	},

	addLecturer: async (event) => {
		const { courseId } = await requireCourse(event);
		guard.requireRole(event, 'admin'); // only admins choose other lecturers
		const userId = parseId(text(await event.request.formData(), 'userId'));
		if (userId === null) return badRequest('lecturers');
		return attempt('lecturers', {}, async () => {
			await addLecturer(db(), courseId, userId);
			return { action: 'lecturers', ok: m.course_lecturer_added() };
		});
	},

	removeLecturer: async (event) => {
		const { courseId } = await requireCourse(event);
		guard.requireRole(event, 'admin');
		const userId = parseId(text(await event.request.formData(), 'userId'));
		if (userId === null) return badRequest('lecturers');
		return attempt('lecturers', {}, async () => {
			await removeLecturer(db(), courseId, userId);
			return { action: 'lecturers', ok: m.course_lecturer_removed() };
		});
	},

	addLesson: async (event) => {
		const { courseId } = await requireCourse(event);
		const values = { title: text(await event.request.formData(), 'title') };
		return attempt('lessons', values, async () => {
			const lessonId = await addLesson(db(), courseId, values.title);
			return { action: 'lessons', ok: m.course_lesson_added(), lessonId };
		});
	},

	moveLesson: async (event) => {
		const { courseId } = await requireCourse(event);
		const form = await event.request.formData();
		const lessonId = parseId(text(form, 'lessonId'));
		const dir = text(form, 'direction');
		if (lessonId === null || (dir !== 'up' && dir !== 'down')) return badRequest('lessons');
		return attempt('lessons', {}, async () => {
			await moveLesson(db(), courseId, lessonId, dir === 'up' ? -1 : 1);
			return { action: 'lessons', ok: m.course_lesson_moved() };
		});
	},

	deleteLesson: async (event) => {
		const { courseId } = await requireCourse(event);
		const form = await event.request.formData();
		const lessonId = parseId(text(form, 'lessonId'));
		if (lessonId === null) return badRequest('lessons');
		if (text(form, 'confirm') !== 'yes') return badRequest('lessons');
		return attempt('lessons', {}, async () => {
			await deleteLesson(db(), courseId, lessonId);
			return { action: 'lessons', ok: m.course_lesson_deleted() };
		});
	}
};
