// Serving a course's files (cover, reading PDF, captions) to people who may
// see the course. Unknown course, no access and no file all answer 404 so
// nothing leaks about drafts.
import { error, type RequestEvent } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages.js';
import { guard } from '$lib/server/auth';
import { db } from '$lib/server/db';
import { canViewCourse, contentTypeOf, readStored } from '$lib/server/courses';
import { parseId as parseParamId } from '$lib/api/ids';

export { parseParamId };

/** The signed-in person may see the course in the URL; else 401/redirect or 404. */
export async function requireVisibleCourse(event: RequestEvent<{ id: string }>): Promise<number> {
	const user = guard.requireUser(event);
	const courseId = parseParamId(event.params.id);
	if (courseId === null || !(await canViewCourse(db(), user, courseId)))
		error(404, m.course_err_not_found());
	return courseId;
}

export async function sendStored(rel: string | null, disposition?: string): Promise<Response> {
	const bytes = rel ? await readStored(rel) : null;
	if (!rel || !bytes) error(404, m.course_err_not_found());
	const headers: Record<string, string> = {
		'content-type': contentTypeOf(rel),
		'content-length': String(bytes.length),
		// Per-person access: browsers may keep it, shared caches may not.
		'cache-control': 'private, max-age=3600',
		'x-content-type-options': 'nosniff'
	};
	if (disposition) headers['content-disposition'] = disposition;
	return new Response(new Uint8Array(bytes), { headers });
}
