// Shared by the lecturer pages: the guard (role + this course), form
// parsing, and CourseError → 400 with a message in the UI language.
import { error, fail, type ActionFailure, type RequestEvent } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages.js';
import { guard } from '$lib/server/auth';
import type { SessionUser } from '$lib/server/auth/types';
import { db } from '$lib/server/db';
import { canEditCourse, canEditLesson, CourseError, courseErrorMessage } from '$lib/server/courses';
import { parseId } from '$lib/api/ids';

export function text(form: FormData, name: string): string {
	const v = form.get(name);
	return typeof v === 'string' ? v : '';
}

type Event = RequestEvent<{ id: string } & Partial<Record<'lessonId', string>>>;

/** Lecturer or admin, and allowed to edit this course (404 when it does not exist or is not theirs, so nothing leaks). */
export async function requireCourse(
	event: Event
): Promise<{ user: SessionUser; courseId: number }> {
	const user = guard.requireRole(event, 'lecturer', 'admin');
	const courseId = parseId(event.params.id);
	if (courseId === null || !(await canEditCourse(db(), user, courseId)))
		error(404, m.course_err_not_found());
	return { user, courseId };
}

/** As requireCourse, and the lesson belongs to this course. */
export async function requireLesson(
	event: Event
): Promise<{ user: SessionUser; courseId: number; lessonId: number }> {
	const { user, courseId } = await requireCourse(event);
	const lessonId = parseId(event.params.lessonId);
	const found = lessonId === null ? null : await canEditLesson(db(), user, lessonId);
	if (lessonId === null || !found || found.courseId !== courseId)
		error(404, m.course_err_lesson_not_found());
	return { user, courseId, lessonId };
}

export type Failure = ActionFailure<{
	action: string;
	error: string;
	values: Record<string, string>;
}>;

/** Runs a course operation; a CourseError becomes a 400 carrying its message (other errors propagate). */
export async function attempt<T>(
	action: string,
	values: Record<string, string>,
	fn: () => Promise<T>
): Promise<T | Failure> {
	try {
		return await fn();
	} catch (e) {
		if (e instanceof CourseError)
			return fail(400, { action, error: courseErrorMessage(e), values });
		throw e;
	}
}

/** A 400 for malformed input that no form of ours sends. */
export const badRequest = (action: string) =>
	fail(400, { action, error: m.course_err_bad_request(), values: {} });
