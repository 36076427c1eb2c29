import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages.js';
import { guard } from '$lib/server/auth';
import { db } from '$lib/server/db';
import {
	canEditCourse,
	canViewCourse,
	categoryLabel,
	coverUrl,
	formatDuration,
	getCourse,
	listLessons,
	statusLabel
} from '$lib/server/courses';
import { courseCoverage, lessonProgress, resumeTarget } from '$lib/server/progress';
import { courseQuizzesFor } from '$lib/server/quiz';
import { parseParamId } from '../course-files.server';

export const load: PageServerLoad = async (event) => {
	const user = guard.requireUser(event);
	const courseId = parseParamId(event.params.id);
	// Unknown and not visible (a draft) answer alike.
	if (courseId === null || !(await canViewCourse(db(), user, courseId)))
		error(404, m.course_err_not_found());
	const [course, lessons, canEdit, progress, quizzes] = await Promise.all([
		getCourse(db(), courseId),
		listLessons(db(), courseId),
		canEditCourse(db(), user, courseId),
		lessonProgress(db(), user.id, courseId),
		courseQuizzesFor(db(), user.id, courseId)
	]);
	if (!course) error(404, m.course_err_not_found());
	const byLesson = new Map(progress.map((p) => [p.lessonId, p]));
	const total = lessons.reduce((s, l) => s + (l.durationSeconds ?? 0), 0);
	const states = lessons.map((l) => ({
		id: l.id,
		ready: l.mediaStatus === 'ready',
		durationSeconds: l.durationSeconds,
		coverage: byLesson.get(l.id)?.coverage,
		completed: byLesson.get(l.id)?.completed
	}));
	return {
		course: {
			id: course.id,
			title: course.title,
			description: course.description,
			category: course.category,
			categoryLabel: categoryLabel(course.category),
			status: course.status,
			statusLabel: statusLabel(course.status),
			coverUrl: course.hasCover ? coverUrl(course.id, course.updatedAt) : null,
			lecturers: course.lecturers.map((l) => l.name),
			duration: formatDuration(total)
		},
		canEdit,
		resume: resumeTarget(states),
		summary: {
			done: states.filter((l) => l.completed).length,
			total: states.length,
			percent: Math.floor(courseCoverage(states) * 100)
		},
		quizzes: quizzes.map((q) => ({
			id: q.id,
			title: q.title,
			required: q.required,
			passed: q.passed
		})),
		lessons: lessons.map((l, i) => ({
			id: l.id,
			number: i + 1,
			title: l.title,
			ready: l.mediaStatus === 'ready',
			duration: l.durationSeconds ? formatDuration(l.durationSeconds) : null,
			progress: byLesson.has(l.id)
				? {
						percent: Math.floor((byLesson.get(l.id)!.coverage ?? 0) * 100),
						completed: byLesson.get(l.id)!.completed
					}
				: null
		}))
	};
};
